using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Analysis.Identity;

/// <summary>Stable package ids: the same package at the same place gets the same id in every run (for diffs and SBOM refs).</summary>
public static class PackageIds
{
    public static string For(string type, string name, string version, string? firstLocation)
    {
        var key = $"{type}\n{name}\n{version}\n{firstLocation}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return $"{type}:{name}@{version}#{Convert.ToHexStringLower(hash)[..12]}";
    }
}
