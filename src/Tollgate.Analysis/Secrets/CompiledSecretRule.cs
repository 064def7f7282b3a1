using System.Buffers;
using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Secrets;

/// <summary>A <see cref="SecretRule"/> ready to run: keywords, path filters and (lazily) its regex, built once.</summary>
public sealed class CompiledSecretRule
{
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(1);

    private readonly Lazy<(Regex Regex, int SecretGroup)> _regex;
    private readonly Regex? _path;
    private readonly Regex[] _pathAllow;
    private readonly Regex[] _valueAllow;

    /// <param name="eager">Compile now (rules from users, so a bad regex fails before the scan); built-ins compile on first use.</param>
    public CompiledSecretRule(SecretRule rule, bool eager = false)
    {
        Rule = rule;
        try
        {
            _path = rule.PathPattern is null ? null : Linear(rule.PathPattern);
            _pathAllow = [.. rule.PathAllow.Select(p => Linear(p))];
            _valueAllow = [.. rule.ValueAllow.Select(p => Linear(p))];
        }
        catch (ArgumentException e)
        {
            throw Invalid(e);
        }

        _regex = new Lazy<(Regex, int)>(() =>
        {
            try
            {
                var regex = rule.PerLine
                    ? new Regex(rule.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, BacktrackingTimeout)
                    : Linear(rule.Pattern, RegexOptions.Multiline);
                return (regex, regex.GroupNumberFromName("secret"));
            }
            catch (ArgumentException e)
            {
                throw Invalid(e);
            }
        });
        if (eager)
        {
            _ = _regex.Value;
        }

        AnyKeyword = rule.Keywords.Count == 0 ? null : SearchValues.Create([.. rule.Keywords], StringComparison.OrdinalIgnoreCase);
    }

    public SecretRule Rule { get; }

    /// <summary>Null when the rule has no keywords (it always runs).</summary>
    public SearchValues<string>? AnyKeyword { get; }

    public bool HasPathFilter => _path is not null;

    public bool AppliesToPath(string path) => (_path is null || _path.IsMatch(path)) && !_pathAllow.Any(a => a.IsMatch(path));

    /// <summary>Whether every literal the rule requires occurs in the text.</summary>
    public bool HasRequiredLiterals(ReadOnlySpan<char> text)
    {
        foreach (var literal in Rule.RequiresAll)
        {
            if (!text.Contains(literal, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Matches within text[start..start+length] that survive entropy and allowlists: (index, length) of the match
    /// (positions in the whole text) and the secret.
    /// </summary>
    public IEnumerable<(int Index, int Length, string Secret)> Matches(string text, int start, int length)
    {
        var (regex, _) = _regex.Value;
        if (Rule.PerLine)
        {
            return MatchLines(text, start, start + length);
        }

        var found = new List<(int, int, string)>();
        for (var match = regex.Match(text, start, length); match.Success; match = match.NextMatch())
        {
            if (Accept(match) is { } accepted)
            {
                found.Add(accepted);
            }
        }

        return found;
    }

    private IEnumerable<(int Index, int Length, string Secret)> MatchLines(string text, int start, int end)
    {
        var regex = _regex.Value.Regex;
        while (start <= end)
        {
            var lineEnd = text.IndexOf('\n', start, end - start);
            if (lineEnd < 0)
            {
                lineEnd = end;
            }

            Match? match = null;
            try
            {
                match = regex.Match(text, start, lineEnd - start);
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological line for a backtracking rule: skip the line rather than hang.
            }

            if (match is { Success: true } && Accept(match) is { } accepted)
            {
                yield return accepted;
            }

            start = lineEnd + 1;
        }
    }

    private (int Index, int Length, string Secret)? Accept(Match match)
    {
        var secretGroup = _regex.Value.SecretGroup;
        var group = secretGroup >= 0 && match.Groups[secretGroup].Success ? match.Groups[secretGroup] : match;
        var secret = group.Value.Trim();
        if (secret.Length == 0 || (Rule.MinEntropy is { } floor && SecretAllowlist.Entropy(secret) <= floor))
        {
            return null;
        }

        if (_valueAllow.Any(a => a.IsMatch(secret)) || SecretAllowlist.IsPlaceholder(secret))
        {
            return null;
        }

        return (match.Index, match.Length, secret);
    }

    private SecretRuleException Invalid(ArgumentException e) => new($"secret rule {Rule.Id}: invalid regex: {e.Message}", e);

    private static Regex Linear(string pattern, RegexOptions extra = RegexOptions.None)
    {
        var options = RegexOptions.CultureInvariant | extra;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Look-around or backreferences: the backtracking engine, bounded by a timeout.
            return new Regex(pattern, options | RegexOptions.Compiled, BacktrackingTimeout);
        }
    }
}

public sealed class SecretRuleException(string message, Exception? inner = null) : Exception(message, inner);
