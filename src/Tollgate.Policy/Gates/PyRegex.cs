using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Tollgate.Policy.Gates;

/// <summary>Python's re.match/re.search over .NET regexes, compiled once per pattern (rules run over thousands of paths).</summary>
public static class PyRegex
{
    private static readonly ConcurrentDictionary<string, Regex> Anchored = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Regex> Free = new(StringComparer.Ordinal);

    /// <summary>re.match: the match must start at position 0 (but need not reach the end).</summary>
    public static bool Match(string pattern, string input) =>
        Anchored.GetOrAdd(pattern, p => new Regex(@"\G(?:" + p + ")", RegexOptions.None, TimeSpan.FromSeconds(2))).IsMatch(input);

    /// <summary>re.search: a match anywhere.</summary>
    public static bool Search(string pattern, string input) =>
        Free.GetOrAdd(pattern, p => new Regex(p, RegexOptions.None, TimeSpan.FromSeconds(2))).IsMatch(input);
}
