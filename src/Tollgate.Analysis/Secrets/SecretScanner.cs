using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Secrets;

/// <summary>A match before it becomes a finding: the rule, where in the text, and the redacted secret.</summary>
public sealed record SecretMatch(SecretRule Rule, int Line, string Redacted);

/// <summary>
/// Runs a <see cref="SecretRuleSet"/> over text. The cost stays near the cost of reading: one vectorised
/// multi-keyword search decides whether any regex runs, and each rule runs only when its own keywords occur.
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
        var span = text.AsSpan();
        if (!rules.HasKeywordlessRules && span.IndexOfAny(rules.AnyKeyword) < 0 && !rules.Rules.Any(r => r.Rule.ConfigOnly && applies(r)))
        {
            return [];
        }

        // Candidates in rule order; an earlier (more specific) rule's match hides later overlapping ones.
        var taken = new List<(int Start, int End)>();
        var found = new List<(int Index, SecretRule Rule, string Secret)>();
        foreach (var rule in rules.Rules)
        {
            if (!applies(rule) || !rule.Prefilter(span))
            {
                continue;
            }

            IEnumerable<(int Index, int Length, string Secret)> matches;
            try
            {
                matches = rule.Matches(text).ToList();
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                continue;
            }

            foreach (var (index, length, secret) in matches)
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
