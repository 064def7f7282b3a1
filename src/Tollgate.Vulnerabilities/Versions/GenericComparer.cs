namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// For versions with no ecosystem (CPE versions of unmanaged binaries: "1.1.1k", "2.4.57"): alternating number and
/// letter segments compared as rpm does, with no epoch or release parsing.
/// </summary>
public sealed class GenericComparer : IVersionComparer
{
    public static readonly GenericComparer Instance = new();

    public string Scheme => "generic";

    public int Compare(string a, string b) => RpmComparer.RpmVerCmp(a.Trim(), b.Trim());
}
