using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Identity;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>Maven coordinates and their purl (pkg:maven/group/artifact@version) and CPEs.</summary>
public sealed record MavenCoordinates(string? GroupId, string ArtifactId, string Version)
{
    public string Purl => PackageUrl.Create(PackageTypes.Java, GroupId, ArtifactId, Version);

    /// <summary>Vendor guesses from the group ("org.apache.commons" → "apache") and the artifact itself.</summary>
    public IReadOnlyList<string> Cpes
    {
        get
        {
            var vendors = new List<string>();
            var parts = (GroupId ?? "").Split('.', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] is "org" or "com" or "io" or "net")
            {
                vendors.Add(parts[1]);
            }

            vendors.Add(ArtifactId);
            return vendors.Distinct().Select(v => Cpe.Application(v, ArtifactId, Version)).ToList();
        }
    }
}
