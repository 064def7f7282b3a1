using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Tollgate.Analysis.Secrets;

/// <summary>The rules in effect for one scan: built-ins plus added rules, minus disabled ones, compiled once.</summary>
public sealed class SecretRuleSet
{
    private SecretRuleSet(IReadOnlyList<CompiledSecretRule> rules, IReadOnlyList<Regex> pathAllowlist)
    {
        Rules = rules;
        PathAllowlist = pathAllowlist;
        // Keywords of rules not bound to a path, each with the rules that own it, for the one shared search. A keyword
        // under three characters ("q~") would drop the vectorised multi-string search to two-character buckets and
        // double its cost over all text; such a rule searches its own keywords instead.
        _sharedPass = rules.Where(r => !r.HasPathFilter && r.Rule.Keywords.All(k => k.Length >= SharedKeywordMinLength)).ToHashSet();
        KeywordOwners = rules.Where(_sharedPass.Contains)
            .SelectMany(r => r.Rule.Keywords.Select(k => (Keyword: k.ToLowerInvariant(), Rule: r)))
            .GroupBy(x => x.Keyword)
            .Select(g => (g.Key, (IReadOnlyList<CompiledSecretRule>)g.Select(x => x.Rule).Distinct().ToList()))
            .ToList();
        AnyKeyword = SearchValues.Create(KeywordOwners.Select(k => k.Keyword).ToArray(), StringComparison.OrdinalIgnoreCase);
    }

    private const int SharedKeywordMinLength = 3;

    private readonly HashSet<CompiledSecretRule> _sharedPass;

    public IReadOnlyList<CompiledSecretRule> Rules { get; }

    /// <summary>Whether the rule's keywords are part of <see cref="AnyKeyword"/> (else the rule searches its own).</summary>
    public bool InSharedPass(CompiledSecretRule rule) => _sharedPass.Contains(rule);
    public IReadOnlyList<Regex> PathAllowlist { get; }

    /// <summary>Every keyword of the shared-pass rules: a text without any of them needs none of those rules.</summary>
    public SearchValues<string> AnyKeyword { get; }

    public IReadOnlyList<(string Keyword, IReadOnlyList<CompiledSecretRule> Rules)> KeywordOwners { get; }

    private static readonly Lazy<SecretRuleSet> DefaultSet = new(() => Build(new SecretScanOptions()));

    /// <summary>The built-in rules; shared, so their regexes are compiled once per process.</summary>
    public static SecretRuleSet Default => DefaultSet.Value;

    /// <summary>Builds the rule set; throws <see cref="SecretRuleException"/> naming the rules file or rule that is wrong.</summary>
    public static SecretRuleSet Create(SecretScanOptions options) =>
        options.RulesFile is null && options.AnchoreRules.Count == 0 && options.AdditionalRules.Count == 0
        && options.DisabledRules.Count == 0 && options.PathAllowlist.Count == 0
            ? Default
            : Build(options);

    private static SecretRuleSet Build(SecretScanOptions options)
    {
        var rules = new List<SecretRule>(BuiltInSecretRules.All);
        var disabled = new HashSet<string>(options.DisabledRules, StringComparer.OrdinalIgnoreCase);
        if (options.RulesFile is { } file)
        {
            var loaded = SecretRulesFile.Load(file);
            rules.AddRange(loaded.Rules);
            disabled.UnionWith(loaded.Disable);
        }

        rules.AddRange(options.AdditionalRules);
        rules.AddRange(options.AnchoreRules.Select(line => SecretRulesFile.ParseAnchore(line, "options")));

        var duplicate = rules.GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SecretRuleException($"secret rule id {duplicate.Key} is defined more than once");
        }

        var builtIn = BuiltInSecretRules.All.ToHashSet();
        var compiled = rules.Where(r => !disabled.Contains(r.Id)).Select(r => new CompiledSecretRule(r, eager: !builtIn.Contains(r))).ToList();
        var allow = options.PathAllowlist.Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)).ToList();
        return new SecretRuleSet(compiled, allow);
    }
}

/// <summary>Reads rules files: JSON with rules/disable/anchore, or Anchore's NAME=regex lines.</summary>
public static class SecretRulesFile
{
    public static SecretRulesDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new SecretRuleException($"secret rules file {path}: {e.Message}", e);
        }

        if (text.TrimStart().StartsWith('{'))
        {
            SecretRulesDocument? doc;
            try
            {
                doc = JsonSerializer.Deserialize(text, SecretRulesJsonContext.Default.SecretRulesDocument);
            }
            catch (JsonException e)
            {
                throw new SecretRuleException($"secret rules file {path}: invalid JSON: {e.Message}", e);
            }

            // Absent JSON properties arrive as null; the record's defaults are empty lists.
            var complete = (doc?.Rules ?? []).Select(r => Complete(r, path));
            return new SecretRulesDocument
            {
                Rules = [.. complete, .. (doc?.Anchore ?? []).Select(l => ParseAnchore(l, path))],
                Disable = doc?.Disable ?? [],
            };
        }

        var rules = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => ParseAnchore(l, path)).ToList();
        return new SecretRulesDocument { Rules = rules };
    }

    private static SecretRule Complete(SecretRule rule, string path)
    {
        if (string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrEmpty(rule.Pattern))
        {
            throw new SecretRuleException($"secret rules file {path}: every rule needs an id and a pattern");
        }

        return rule with
        {
            Title = rule.Title ?? rule.Id,
            Severity = rule.Severity ?? "medium",
            Keywords = rule.Keywords ?? [],
            RequiresAll = rule.RequiresAll ?? [],
            PathAllow = rule.PathAllow ?? [],
            ValueAllow = rule.ValueAllow ?? [],
            Supersedes = rule.Supersedes ?? [],
        };
    }

    /// <summary>"AWS_ACCESS_KEY=(?i).*aws_access_key_id…": the name before the first '=' is the id, the rest the regex.</summary>
    public static SecretRule ParseAnchore(string line, string origin)
    {
        var eq = line.IndexOf('=');
        if (eq <= 0 || eq == line.Length - 1)
        {
            throw new SecretRuleException($"secret rule '{line}' from {origin}: expected NAME=regex");
        }

        var name = line[..eq].Trim();
        return new SecretRule
        {
            Id = name,
            Title = $"content matches {name}",
            Severity = "medium",
            Pattern = line[(eq + 1)..],
            PerLine = true,
        };
    }
}

public sealed record SecretRulesDocument
{
    public IReadOnlyList<SecretRule> Rules { get; init; } = [];
    public IReadOnlyList<string> Disable { get; init; } = [];
    public IReadOnlyList<string> Anchore { get; init; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SecretRulesDocument))]
internal sealed partial class SecretRulesJsonContext : JsonSerializerContext;
