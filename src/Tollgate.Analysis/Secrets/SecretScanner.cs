using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Secrets;

/// <summary>A match before it becomes a finding: the rule, where in the text, and the redacted secret.</summary>
public sealed record SecretMatch(SecretRule Rule, int Line, string Redacted);

/// <summary>
/// Runs a <see cref="SecretRuleSet"/> over text. The cost stays near the cost of reading: one vectorised pass finds
/// every keyword of every rule, and a rule's regex then runs only on the lines holding its keywords (or on the whole
/// text for rules whose matches span lines, like PEM keys).
/// </summary>
public sealed class SecretScanner(SecretRuleSet rules)
{
    public SecretRuleSet RuleSet => rules;

    /// <summary>Scans a file's text; path-restricted rules apply only when <paramref name="path"/> matches.</summary>
    public IReadOnlyList<SecretMatch> ScanFile(string path, string text)
    {
        if (rules.PathAllowlist.Any(a => a.IsMatch(path)))
        {
            return [];
        }

        return Scan(text, r => !r.Rule.ConfigOnly && r.AppliesToPath(path));
    }

    /// <summary>Scans env, label or history text: rules bound to file paths do not apply there.</summary>
    public IReadOnlyList<SecretMatch> ScanConfigText(string text) =>
        Scan(text, r => !r.Rule.ConfigOnly && !r.HasPathFilter);

    /// <summary>Scans one NAME=value assignment (env, label, build argument) with every config and content rule.</summary>
    public IReadOnlyList<SecretMatch> ScanAssignment(string name, string value)
    {
        // A value that is a known credential format is reported as such; otherwise the name may say it is one.
        var byContent = ScanConfigText(value);
        return byContent.Count > 0 ? byContent : Scan(name + "=" + value, r => r.Rule.ConfigOnly);
    }

    private List<SecretMatch> Scan(string text, Func<CompiledSecretRule, bool> applies)
    {
        var hits = KeywordHits(text);

        // Candidates in rule order; an earlier (more specific) rule's match hides later overlapping ones.
        var taken = new List<(int Start, int End)>();
        var found = new List<(int Index, SecretRule Rule, string Secret)>();
        foreach (var rule in rules.Rules)
        {
            if (!applies(rule))
            {
                continue;
            }

            foreach (var (index, length, secret) in Run(rule, text, hits))
            {
                var end = index + length;
                if (taken.Any(t => index < t.End && t.Start < end))
                {
                    continue;
                }

                taken.Add((index, end));
                found.Add((index, rule.Rule, secret));
            }
        }

        var superseded = found.SelectMany(f => f.Rule.Supersedes).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return found.Where(f => !superseded.Contains(f.Rule.Id)).OrderBy(f => f.Index)
            .Select(f => new SecretMatch(f.Rule, LineOf(text, f.Index), SecretAllowlist.Redact(f.Secret)))
            .ToList();
    }

    /// <summary>Positions of keyword hits per rule, from one pass over the text with all keywords at once.</summary>
    private Dictionary<CompiledSecretRule, List<int>> KeywordHits(string text)
    {
        var hits = new Dictionary<CompiledSecretRule, List<int>>();
        var span = text.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            var next = span[at..].IndexOfAny(rules.AnyKeyword);
            if (next < 0)
            {
                break;
            }

            at += next;
            foreach (var (keyword, owners) in rules.KeywordOwners)
            {
                if (span[at..].StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var owner in owners)
                    {
                        (hits.TryGetValue(owner, out var list) ? list : hits[owner] = []).Add(at);
                    }
                }
            }

            at++;
        }

        return hits;
    }

    private IEnumerable<(int Index, int Length, string Secret)> Run(
        CompiledSecretRule rule, string text, Dictionary<CompiledSecretRule, List<int>> hits)
    {
        List<int>? positions = null;
        if (rule.AnyKeyword is not null && !hits.TryGetValue(rule, out positions))
        {
            // Rules outside the shared pass (bound to a path, whose files are few, or with a very short keyword) search
            // their own keywords.
            if (rules.InSharedPass(rule) || text.AsSpan().IndexOfAny(rule.AnyKeyword) < 0)
            {
                return [];
            }
        }

        if (!rule.HasRequiredLiterals(text))
        {
            return [];
        }

        if (positions is null || rule.Rule.SpansLines)
        {
            return rule.Matches(text, 0, text.Length);
        }

        // Only the lines that hold a keyword.
        var matches = new List<(int, int, string)>();
        var lastLineStart = -1;
        foreach (var position in positions)
        {
            var lineStart = position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;
            if (lineStart == lastLineStart)
            {
                continue;
            }

            lastLineStart = lineStart;
            var lineEnd = text.IndexOf('\n', position);
            matches.AddRange(rule.Matches(text, lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart));
        }

        return matches;
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    public static SecretFinding ToFinding(SecretMatch match, string kind, string where, int? layer, int? line, bool deleted) => new()
    {
        RuleId = match.Rule.Id,
        Title = match.Rule.Title,
        Severity = match.Rule.Severity,
        Kind = kind,
        Where = where,
        Layer = layer,
        Line = line,
        Redacted = match.Redacted,
        DeletedInLaterLayer = deleted,
    };
}
