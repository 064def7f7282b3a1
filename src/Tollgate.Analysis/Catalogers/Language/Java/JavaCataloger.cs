using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>Java archives found by extension and confirmed by the zip magic; read whole (up to 256 MB) for nested jars.</summary>
public sealed class JavaCataloger() : FileCataloger(
    "java",
    new ParserBinding(
        new ContentRequest
        {
            Name = "java-archive",
            PathMatches = JavaArchiveParser.IsArchiveName,
            Sniff = Sniffs.Zip,
            SniffBytes = 4,
            MaxBytes = 256L << 20,
        },
        JavaArchiveParser.Parse));
