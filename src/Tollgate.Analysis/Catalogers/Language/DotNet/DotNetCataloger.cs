using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Language.DotNet;

/// <summary>
/// .NET: NuGet packages from *.deps.json, and managed assemblies from PE files in folders no deps.json describes
/// (an app folder with a deps.json is already inventoried by it; its DLLs would only repeat it).
/// </summary>
public sealed class DotNetCataloger() : FileCataloger(
    "dotnet",
    new ParserBinding(new ContentRequest { Name = "dotnet-deps", PathMatches = ContentRequest.Globs("**/*.deps.json") }, DepsJsonParser.Parse),
    new ParserBinding(
        new ContentRequest
        {
            Name = "dotnet-pe",
            PathMatches = path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase),
            Sniff = Sniffs.Pe,
            SniffBytes = 2,
            MinBytes = 512,
            MaxBytes = 128L << 20,
        },
        PeAssemblyParser.Parse))
{
    protected override CatalogResult Finish(CatalogContext context, CatalogResult result)
    {
        var appFolders = context.Files.Squashed.Keys
            .Where(p => p.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase))
            .Select(PathUtil.Parent)
            .ToHashSet(StringComparer.Ordinal);
        var packages = result.Packages
            .Where(p => p.FoundBy != PeAssemblyParser.FoundBy || !appFolders.Contains(PathUtil.Parent(p.Locations[0].Path)))
            .ToList();
        return result with { Packages = packages };
    }
}
