using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Python;

/// <summary>
/// Python distributions installed in site-/dist-packages (with their RECORD), and pinned project requirements and
/// lockfiles. Requires-Dist edges are resolved against the distributions installed beside each other.
/// </summary>
public sealed class PythonCataloger() : FileCataloger(
    "python",
    new ParserBinding(new ContentRequest { Name = "python-metadata", PathMatches = MetadataFiles }, CoreMetadataParser.Parse),
    new ParserBinding(new ContentRequest { Name = "python-requirements", PathMatches = ContentRequest.Globs("**/*requirements*.txt") }, RequirementsParser.Parse),
    new ParserBinding(new ContentRequest { Name = "python-poetry-lock", PathMatches = ContentRequest.Globs("**/poetry.lock") }, LockfileParsers.ParsePoetry),
    new ParserBinding(new ContentRequest { Name = "python-uv-lock", PathMatches = ContentRequest.Globs("**/uv.lock") }, LockfileParsers.ParseUv),
    new ParserBinding(new ContentRequest { Name = "python-pipfile-lock", PathMatches = ContentRequest.Globs("**/Pipfile.lock") }, LockfileParsers.ParsePipfile))
{
    // Kept for the metadata parser to read beside METADATA; parsed through it, not on their own.
    private static readonly ContentRequest RecordRequest = new()
    {
        Name = "python-record",
        PathMatches = ContentRequest.Globs("**/*dist-info/RECORD", "**/*DIST-INFO/RECORD", "**/*egg-info/RECORD", "**/*EGG-INFO/RECORD", "**/*egg-info/installed-files.txt"),
    };

    private static readonly Func<string, bool> MetadataFiles = ContentRequest.Globs(
        "**/*dist-info/METADATA", "**/*DIST-INFO/METADATA", "**/*egg-info/PKG-INFO", "**/*EGG-INFO/PKG-INFO", "**/*.egg-info");

    public override IReadOnlyList<ContentRequest> Requests => [.. base.Requests, RecordRequest];

    protected override CatalogResult Finish(CatalogContext context, CatalogResult result)
    {
        var installed = result.Packages.Where(p => p.FoundBy == CoreMetadataParser.FoundBy)
            .GroupBy(p => CoreMetadataParser.Unresolved(p.Metadata.GetValueOrDefault("sitePackages") ?? "", p.Name))
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var relationships = result.Relationships
            .Select(r => r.To.StartsWith("pypi-unresolved:", StringComparison.Ordinal)
                ? installed.TryGetValue(r.To, out var to) ? r with { To = to } : null
                : r)
            .Where(r => r is not null && r.From != r.To)
            .Select(r => r!)
            .Distinct()
            .ToList();
        return result with { Relationships = relationships };
    }
}
