using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Go;

/// <summary>Go modules: compiled binaries (build info) and go.mod/go.sum sources.</summary>
public sealed class GoCataloger() : FileCataloger(
    "go",
    new ParserBinding(ElfBinaries.Request, GoBinaryParser.Parse),
    new ParserBinding(new ContentRequest { Name = "go-mod", PathMatches = ContentRequest.Globs("**/go.mod") }, GoModParser.Parse))
{
    // go.sum is read beside go.mod, not on its own.
    private static readonly ContentRequest GoSum = new() { Name = "go-sum", PathMatches = ContentRequest.Globs("**/go.sum") };

    public override IReadOnlyList<ContentRequest> Requests => [.. base.Requests, GoSum];
}
