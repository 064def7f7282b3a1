namespace Tollgate.Vulnerabilities.Versions;

/// <summary>
/// Remembers the comparisons of one scan: a package's version meets the same bounds and the same version lists
/// (OSV lists every affected release) in many records, and parsing both strings is the cost of a comparison.
/// </summary>
internal sealed class MemoComparer(IVersionComparer inner) : IVersionComparer
{
    private readonly Dictionary<(string, string), int> _results = [];

    public string Scheme => inner.Scheme;

    public int Compare(string a, string b)
    {
        if (!_results.TryGetValue((a, b), out var c))
        {
            _results[(a, b)] = c = inner.Compare(a, b);
        }

        return c;
    }
}
