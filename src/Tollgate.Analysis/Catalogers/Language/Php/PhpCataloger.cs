using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Php;

/// <summary>PHP Composer packages: installed (vendor/composer/installed.json) and locked (composer.lock).</summary>
public sealed class PhpCataloger() : FileCataloger(
    "php",
    new ParserBinding(new ContentRequest { Name = "php-composer-installed", PathMatches = ContentRequest.Globs("**/installed.json") }, ComposerParser.ParseInstalled),
    new ParserBinding(new ContentRequest { Name = "php-composer-lock", PathMatches = ContentRequest.Globs("**/composer.lock") }, ComposerParser.ParseLock));
