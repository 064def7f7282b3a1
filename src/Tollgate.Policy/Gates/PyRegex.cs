using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Tollgate.Policy.Gates;

/// <summary>
/// Python's re.match/re.search over .NET regexes, compiled once per pattern (rules run over tens of thousands of
/// paths). Patterns the linear-time engine supports use it; the rest (look-behind, back-references) use the
/// compiled backtracking engine with a timeout.
/// </summary>
public static class PyRegex
{
    private static readonly ConcurrentDictionary<string, Regex> Anchored = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Regex> Free = new(StringComparer.Ordinal);

    /// <summary>re.match: the match must start at position 0 (but need not reach the end).</summary>
    public static bool Match(string pattern, string input) => Anchored.GetOrAdd(pattern, p => Build("^(?:" + p + ")")).IsMatch(input);

    /// <summary>re.search: a match anywhere.</summary>
    public static bool Search(string pattern, string input) => Free.GetOrAdd(pattern, Build).IsMatch(input);

    private static Regex Build(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
    }
}
