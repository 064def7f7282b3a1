using System.Buffers;
using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Secrets;

/// <summary>A <see cref="SecretRule"/> ready to run: keyword search values and regexes built once.</summary>
public sealed class CompiledSecretRule
{
    private static readonly TimeSpan PerLineTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Lazy<Compiled> _compiled;

    /// <param name="eager">Compile now (rules from users, so a bad regex fails before the scan); built-ins compile on first use.</param>
    public CompiledSecretRule(SecretRule rule, bool eager = false)
    {
        Rule = rule;
        _compiled = new Lazy<Compiled>(() => Compile(rule));
        if (eager)
        {
            _ = _compiled.Value;
        }

        Keywords = rule.Keywords.Count == 0 ? null : SearchValues.Create([.. rule.Keywords], StringComparison.OrdinalIgnoreCase);
    }

    public SecretRule Rule { get; }
    public Regex Regex => _compiled.Value.Regex;

    /// <summary>Null when the rule has no keywords (it always runs).</summary>
    public SearchValues<string>? Keywords { get; }

    public bool AppliesToPath(string path) =>
        (Rule.PathPattern is null || _compiled.Value.Path!.IsMatch(path)) && !_compiled.Value.PathAllow.Any(a => a.IsMatch(path));

    public bool HasPathFilter => Rule.PathPattern is not null;

    /// <summary>Whether the text can hold a match at all (keywords and required literals present).</summary>
    public bool Prefilter(ReadOnlySpan<char> text)
    {
        if (Keywords is not null && text.IndexOfAny(Keywords) < 0)
        {
            return false;
        }

        foreach (var literal in Rule.RequiresAll)
        {
            if (!text.Contains(literal, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The matches that survive entropy and allowlists: (index, length) of the match and the secret.</summary>
    public IEnumerable<(int Index, int Length, string Secret)> Matches(string text)
    {
        if (Rule.PerLine)
        {
            return MatchLines(text);
        }

        return Regex.Matches(text).Select(Accept).Where(m => m is not null).Select(m => m!.Value);
    }

    private IEnumerable<(int Index, int Length, string Secret)> MatchLines(string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            Match? match = null;
            try
            {
                match = Regex.Match(text, start, end - start);
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological line for a backtracking rule: skip the line rather than hang.
            }

            if (match is { Success: true } && Accept(match) is { } accepted)
            {
                yield return accepted;
            }

            start = end + 1;
        }
    }

    private (int Index, int Length, string Secret)? Accept(Match match)
    {
        var secretGroup = _compiled.Value.SecretGroup;
        var group = secretGroup >= 0 && match.Groups[secretGroup].Success ? match.Groups[secretGroup] : match;
        var secret = group.Value.Trim();
        if (secret.Length == 0 || (Rule.MinEntropy is { } floor && SecretAllowlist.Entropy(secret) <= floor))
        {
            return null;
        }

        if (_compiled.Value.ValueAllow.Any(a => a.IsMatch(secret)) || SecretAllowlist.IsPlaceholder(secret))
        {
            return null;
        }

        return (match.Index, match.Length, secret);
    }

    private static Compiled Compile(SecretRule rule)
    {
        try
        {
            var regex = rule.PerLine
                ? new Regex(rule.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, PerLineTimeout)
                : Linear(rule.Pattern, RegexOptions.Multiline);
            return new Compiled(
                regex,
                regex.GroupNumberFromName("secret"),
                rule.PathPattern is null ? null : Linear(rule.PathPattern),
                [.. rule.PathAllow.Select(p => Linear(p))],
                [.. rule.ValueAllow.Select(p => Linear(p))]);
        }
        catch (ArgumentException e)
        {
            throw new SecretRuleException($"secret rule {rule.Id}: invalid regex: {e.Message}", e);
        }
    }

    private sealed record Compiled(Regex Regex, int SecretGroup, Regex? Path, Regex[] PathAllow, Regex[] ValueAllow);

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
            return new Regex(pattern, options | RegexOptions.Compiled, PerLineTimeout);
        }
    }
}

public sealed class SecretRuleException(string message, Exception? inner = null) : Exception(message, inner);
