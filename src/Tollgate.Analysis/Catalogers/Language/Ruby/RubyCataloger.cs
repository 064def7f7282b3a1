using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Ruby;

/// <summary>Gems: installed specifications (RubyGems and Debian's rubygems-integration) and Gemfile.lock.</summary>
public sealed class RubyCataloger() : FileCataloger(
    "ruby",
    new ParserBinding(new ContentRequest { Name = "ruby-gemspec", PathMatches = ContentRequest.Globs("**/specifications/**/*.gemspec") }, GemspecParser.Parse),
    new ParserBinding(new ContentRequest { Name = "ruby-gemfile-lock", PathMatches = ContentRequest.Globs("**/Gemfile.lock") }, GemfileLockParser.Parse));
