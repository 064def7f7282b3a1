using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers;

/// <summary>
/// A cataloger is a declaration: a name, the content it needs from the layer pass, and a parse step
/// over that content. It never reads the image itself (see syft's cataloger/parser split).
/// </summary>
public interface ICataloger
{
    string Name { get; }

    /// <summary>Contents to keep during the single layer pass. Request names must be unique across catalogers.</summary>
    IReadOnlyList<ContentRequest> Requests { get; }

    CatalogResult Catalog(CatalogContext context);
}

public sealed record CatalogResult
{
    public static readonly CatalogResult Empty = new();

    public IReadOnlyList<Package> Packages { get; init; } = [];
    public IReadOnlyList<Relationship> Relationships { get; init; } = [];
}
