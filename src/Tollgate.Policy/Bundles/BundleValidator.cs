using System.Text.RegularExpressions;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Bundles;

/// <summary>
/// Checks a parsed bundle against the gate registry and itself: unknown gates, triggers and params, missing
/// required params, values their validators reject, bad actions, dangling policy/whitelist ids, bad selectors.
/// Every problem is reported, each at its JSON path.
/// </summary>
public static class BundleValidator
{
    private static readonly string[] Actions = ["STOP", "WARN", "GO"];

    /// <param name="strict">Report end-of-life gates and triggers as errors (Anchore's add/validate); evaluation tolerates them.</param>
    public static IReadOnlyList<BundleProblem> Validate(PolicyBundle bundle, GateRegistry registry, bool strict = true)
    {
        var problems = new List<BundleProblem>();
        var keys = BundleKeys.For(bundle.Format);
        Duplicates(problems, bundle.Policies.Select(p => p.Id), "$." + keys.Policies, "policy");
        Duplicates(problems, bundle.Whitelists.Select(w => w.Id), "$." + keys.Whitelists, "whitelist");

        for (var i = 0; i < bundle.Policies.Count; i++)
        {
            var policy = bundle.Policies[i];
            for (var j = 0; j < policy.Rules.Count; j++)
            {
                CheckRule(problems, policy.Rules[j], $"$.{keys.Policies}[{i}].rules[{j}]", registry, strict);
            }
        }

        var policyIds = bundle.Policies.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var whitelistIds = bundle.Whitelists.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Mappings.Count; i++)
        {
            var m = bundle.Mappings[i];
            var path = $"$.mappings[{i}]";
            CheckSelector(problems, m.Registry, m.Repository, m.Image, path);
            if (m.PolicyIds.Count == 0)
            {
                problems.Add(new BundleProblem(path + "." + keys.PolicyIds, "a mapping must name at least one policy"));
            }

            for (var j = 0; j < m.PolicyIds.Count; j++)
            {
                if (!policyIds.Contains(m.PolicyIds[j]))
                {
                    problems.Add(new BundleProblem(m.LegacyPolicyId ? path + ".policy_id" : $"{path}.{keys.PolicyIds}[{j}]", $"no policy with id '{m.PolicyIds[j]}' in the bundle"));
                }
            }

            for (var j = 0; j < m.WhitelistIds.Count; j++)
            {
                if (!whitelistIds.Contains(m.WhitelistIds[j]))
                {
                    problems.Add(new BundleProblem($"{path}.{keys.WhitelistIds}[{j}]", $"no whitelist with id '{m.WhitelistIds[j]}' in the bundle"));
                }
            }
        }

        for (var i = 0; i < bundle.Whitelists.Count; i++)
        {
            var items = bundle.Whitelists[i].Items;
            for (var j = 0; j < items.Count; j++)
            {
                var path = $"$.{keys.Whitelists}[{i}].items[{j}]";
                if (registry.FindGate(items[j].Gate) is null)
                {
                    problems.Add(new BundleProblem(path + ".gate", $"unknown gate '{items[j].Gate}'"));
                }

                CheckPattern(problems, items[j].TriggerId, path + ".trigger_id");
            }
        }

        foreach (var (list, key) in new[] { (bundle.WhitelistedImages, keys.WhitelistedImages), (bundle.BlacklistedImages, keys.BlacklistedImages) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                var path = $"$.{key}[{i}]";
                if (string.IsNullOrEmpty(list[i].Name))
                {
                    problems.Add(new BundleProblem(path + ".name", "is required"));
                }

                CheckSelector(problems, list[i].Registry, list[i].Repository, list[i].Image, path);
            }
        }

        return problems;
    }

    private static void CheckRule(List<BundleProblem> problems, PolicyRule rule, string path, GateRegistry registry, bool strict)
    {
        if (!Actions.Contains(rule.Action.ToUpperInvariant()))
        {
            problems.Add(new BundleProblem(path + ".action", $"'{rule.Action}' is not an action (STOP, WARN or GO)"));
        }

        var gate = registry.FindGate(rule.Gate);
        if (gate is null)
        {
            problems.Add(new BundleProblem(path + ".gate", $"unknown gate '{rule.Gate}'"));
            return;
        }

        if (gate.State == LifecycleState.Eol)
        {
            problems.Add(new BundleProblem(path + ".gate", $"gate '{gate.Name}' is end-of-life{(gate.SupersededBy is { } s ? $" (use '{s}')" : "")}; it does nothing at evaluation",
                strict ? ProblemSeverity.Error : ProblemSeverity.Warning));
            return;
        }

        var trigger = gate.FindTrigger(rule.Trigger);
        if (trigger is null)
        {
            problems.Add(new BundleProblem(path + ".trigger", $"gate '{gate.Name}' has no trigger '{rule.Trigger}' (triggers: {string.Join(", ", gate.Triggers.Select(t => t.Name))})"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < rule.Params.Count; k++)
        {
            var p = rule.Params[k];
            var declared = trigger.FindParameter(p.Name);
            if (declared is null)
            {
                var known = trigger.Parameters.Count == 0 ? "it takes none" : "known: " + string.Join(", ", trigger.Parameters.Select(x => x.Name));
                problems.Add(new BundleProblem($"{path}.params[{k}].name", $"trigger '{gate.Name}/{trigger.Name}' has no parameter '{p.Name}' ({known})"));
                continue;
            }

            if (!seen.Add(declared.Name))
            {
                problems.Add(new BundleProblem($"{path}.params[{k}].name", $"parameter '{declared.Name}' is given more than once"));
            }

            if (declared.Check(p.Value) is { } bad)
            {
                problems.Add(new BundleProblem($"{path}.params[{k}].value", $"{declared.Name}: {bad.Problem}", bad.Warning ? ProblemSeverity.Warning : ProblemSeverity.Error));
            }
        }

        foreach (var missing in trigger.Parameters.Where(p => p.Required && !seen.Contains(p.Name)))
        {
            problems.Add(new BundleProblem(path + ".params", $"trigger '{gate.Name}/{trigger.Name}' requires parameter '{missing.Name}'"));
        }

        var args = RuleArguments.For(trigger, rule.Params.Select(p => (p.Name, p.Value)));
        foreach (var (param, problem) in trigger.CheckCombination(args))
        {
            var k = rule.Params.ToList().FindIndex(p => trigger.FindParameter(p.Name)?.Name == param);
            problems.Add(new BundleProblem(k < 0 ? path + ".params" : $"{path}.params[{k}].value", $"{param}: {problem}"));
        }
    }

    private static void CheckSelector(List<BundleProblem> problems, string registry, string repository, ImageSelector image, string path)
    {
        CheckPattern(problems, registry, path + ".registry");
        CheckPattern(problems, repository, path + ".repository");
        if (image.Type is not ("tag" or "digest" or "id"))
        {
            problems.Add(new BundleProblem(path + ".image.type", $"'{image.Type}' is not an image selector type (tag, digest or id)"));
        }
        else if (image.Type == "tag")
        {
            CheckPattern(problems, image.Value, path + ".image.value");
        }
    }

    private static void CheckPattern(List<BundleProblem> problems, string value, string path)
    {
        if (!value.StartsWith(Selectors.RegexpPrefix, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            _ = new Regex(value[Selectors.RegexpPrefix.Length..]);
        }
        catch (ArgumentException e)
        {
            problems.Add(new BundleProblem(path, $"not a valid regular expression: {e.Message}"));
        }
    }

    private static void Duplicates(List<BundleProblem> problems, IEnumerable<string> ids, string path, string what)
    {
        var list = ids.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list.IndexOf(list[i]) < i)
            {
                problems.Add(new BundleProblem($"{path}[{i}].id", $"{what} id '{list[i]}' is used more than once"));
            }
        }
    }
}
