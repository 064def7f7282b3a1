using Tollgate.Analysis.Model;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Ownership;

/// <summary>
/// Ties files and packages to the OS packages that installed them: owns-file edges for every owned file present in
/// the image, and for a language package or binary whose files an OS package owns (python3-yaml's dist-info), an
/// <c>OwnedBy</c> and a contains edge, so reports and matching treat it as part of the OS package, not on its own.
/// </summary>
public sealed class OwnershipStep : IAnalysisStep
{
    public string Name => "ownership";

    public IReadOnlyList<ContentRequest> Requests => [];

    public void Run(AnalysisBuilder analysis)
    {
        var index = OwnedPathIndex.For(analysis);
        foreach (var (path, owners) in index.Owners)
        {
            if (analysis.Image.Files.Find(path) is not null)
            {
                analysis.Relationships.AddRange(owners.Select(id => new Relationship(id, path, RelationshipTypes.OwnsFile)));
            }
        }

        for (var i = 0; i < analysis.Packages.Count; i++)
        {
            var package = analysis.Packages[i];
            if (PackageTypes.IsOs(package.Type) || package.OwnedBy is not null)
            {
                continue;
            }

            var owner = package.Locations
                .SelectMany(l => index.OwnersOf(OwnedPathIndex.Canonical(analysis.Image.Files, l.Path)))
                .FirstOrDefault();
            if (owner is not null)
            {
                analysis.Packages[i] = package with { OwnedBy = owner };
                analysis.Relationships.Add(new Relationship(owner, package.Id, RelationshipTypes.Contains));
            }
        }
    }
}
