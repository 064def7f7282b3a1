using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Gates;

namespace Tollgate.Policy.Evaluator;

/// <summary>
/// Evaluates a bundle the way Anchore's policy engine does: the first mapping that selects the tag picks the
/// policies; every rule fires per match; mapped whitelists turn matches to GO; each policy's action is the minimum
/// of its remaining matches (STOP &lt; WARN &lt; GO); a denylisted image is STOP and an allowlisted one GO;
/// no mapping means GO (or STOP with <see cref="EvaluationOptions.FailClosed"/>).
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Every verdict, wherever it is made (CLI, API check, admission, re-evaluation after a feed update),
    /// counted by final action for the service's /metrics; free when nothing listens.</summary>
    private static readonly Counter<long> Verdicts = new Meter("Tollgate.Policy").CreateCounter<long>("tollgate.verdicts", "{verdict}", "Policy evaluations by final action");

    public static Evaluation Evaluate(PolicyBundle bundle, PolicyInput input, EvaluationOptions? options = null)
    {
        var evaluation = EvaluateBundle(bundle, input, options);
        Verdicts.Add(1, new KeyValuePair<string, object?>("result", evaluation.FinalAction.ToLowerInvariant()));
        return evaluation;
    }

    private static Evaluation EvaluateBundle(PolicyBundle bundle, PolicyInput input, EvaluationOptions? options)
    {
        options ??= new EvaluationOptions();
        var now = options.Clock.GetUtcNow();
        var tag = ImageReference.Parse(input.Tag ?? options.DefaultTag);
        var image = input.Analysis.Image;
        var digest = image.ManifestDigest;
        var imageId = image.ConfigDigest;
        var result = new Evaluation
        {
            FinalAction = PolicyActions.Go,
            FinalActionReason = "policy_evaluation",
            PolicyAction = PolicyActions.Go,
            Tag = tag.FullTag,
            ImageDigest = digest,
            ImageId = imageId,
            BundleId = bundle.Id,
            BundleName = bundle.Name,
            EvaluatedAt = now,
        };

        var errors = BundleValidator.Validate(bundle, options.Registry, strict: false).Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            // Anchore: a bundle that fails to initialise gives STOP with the problems listed.
            return result with
            {
                FinalAction = PolicyActions.Stop,
                FinalActionReason = "evaluation_problems",
                PolicyAction = PolicyActions.Stop,
                Problems = errors.Select(e => new EvaluationProblem("error", "bundle_invalid", $"{e.Path}: {e.Message}")).ToList(),
            };
        }

        var denied = bundle.BlacklistedImages.FirstOrDefault(r => Selectors.Selects(r.Registry, r.Repository, r.Image, tag, digest, imageId));
        var allowed = bundle.WhitelistedImages.FirstOrDefault(r => Selectors.Selects(r.Registry, r.Repository, r.Image, tag, digest, imageId));
        var mapping = bundle.Mappings.FirstOrDefault(m => Selectors.Selects(m.Registry, m.Repository, m.Image, tag, digest, imageId));
        var problems = new List<EvaluationProblem>();
        var findings = new List<Finding>();
        var outcomes = new List<PolicyOutcome>();
        var whitelists = new List<Whitelist>();
        string policyAction;

        if (mapping is null)
        {
            policyAction = options.FailClosed ? PolicyActions.Stop : PolicyActions.Go;
            problems.Add(new EvaluationProblem(options.FailClosed ? "error" : "warn", "no_mapping",
                $"no mapping selects {tag.FullTag}; nothing was evaluated ({(options.FailClosed ? "fail-closed: STOP" : "fall-through: GO")})"));
        }
        else
        {
            whitelists = mapping.WhitelistIds.Select(id => bundle.Whitelists.FirstOrDefault(w => w.Id == id)).OfType<Whitelist>().ToList();
            var context = new TriggerContext(input, now);
            foreach (var policy in mapping.PolicyIds.Select(id => bundle.Policies.FirstOrDefault(p => p.Id == id)).OfType<BundlePolicy>())
            {
                var start = findings.Count;
                foreach (var rule in policy.Rules)
                {
                    findings.AddRange(RunRule(rule, policy, context, options.Registry, whitelists, input, now));
                }

                var own = findings.Skip(start).ToList();
                outcomes.Add(new PolicyOutcome(policy.Id, policy.Name, PolicyActions.Min(own.Select(f => f.Action)), own.Count));
            }

            policyAction = PolicyActions.Min(outcomes.Select(o => o.Action));
            if (input.Vulnerabilities is null && mapping.PolicyIds.Any(id => bundle.Policies.FirstOrDefault(p => p.Id == id)?.Rules.Any(r => r.Gate.Equals("vulnerabilities", StringComparison.OrdinalIgnoreCase)) == true))
            {
                problems.Add(new EvaluationProblem("warn", "vulnerability_data_unavailable", "vulnerability data not available: vulnerabilities rules were evaluated without matches"));
            }
        }

        var (final, reason) = denied is not null ? (PolicyActions.Stop, "blacklisted")
            : allowed is not null ? (PolicyActions.Go, "whitelisted")
            : mapping is null && options.FailClosed ? (PolicyActions.Stop, "no_mapping")
            : (policyAction, "policy_evaluation");

        return result with
        {
            FinalAction = final,
            FinalActionReason = reason,
            PolicyAction = policyAction,
            MatchedMappingId = mapping?.Id,
            MatchedMappingName = mapping?.Name,
            MatchedAllowlistedImage = allowed is null ? null : allowed.Name ?? allowed.Id,
            MatchedDenylistedImage = denied is null ? null : denied.Name ?? denied.Id,
            Findings = findings,
            Policies = outcomes,
            Problems = problems,
            ExpiringExceptions = Allowlists.Expiring(whitelists, now, options.ExpiryWarningDays),
        };
    }

    private static IEnumerable<Finding> RunRule(PolicyRule rule, BundlePolicy policy, TriggerContext context, GateRegistry registry, List<Whitelist> whitelists, PolicyInput input, DateTimeOffset now)
    {
        var trigger = registry.FindTrigger(rule.Gate, rule.Trigger);
        if (trigger is null || trigger.State == LifecycleState.Eol || trigger.Gate.State == LifecycleState.Eol)
        {
            return [];
        }

        var args = RuleArguments.For(trigger, rule.Params.Select(p => (p.Name, p.Value)));
        context.RuleId = rule.Id ?? "";
        var action = rule.Action.ToUpperInvariant();
        var baseFinding = new Finding
        {
            Gate = trigger.Gate.Name,
            Trigger = trigger.Name,
            TriggerId = "",
            StableId = "",
            Message = "",
            Action = action,
            RuleAction = action,
            PolicyId = policy.Id,
            PolicyName = policy.Name,
            RuleId = rule.Id,
            Controls = rule.Controls?.Or(trigger.Controls) ?? trigger.Controls,
            Remediation = rule.Recommendation ?? trigger.Remediation,
        };

        List<TriggerFire> fires;
        try
        {
            fires = trigger.Evaluate(context, args).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anchore: a trigger that throws becomes a WARN decision marked failed.
            var message = $"Trigger evaluation failed: {e.Message}";
            return [baseFinding with { TriggerId = AnchoreId(trigger, message), StableId = $"{trigger.Gate.Name}.{trigger.Name}:failed", Message = message, Action = PolicyActions.Warn, Failed = true }];
        }

        var baseLayers = input.Analysis.Facts?.BaseImage?.LayerCount;
        var findings = fires.Select(fire =>
        {
            var f = baseFinding with
            {
                TriggerId = fire.InstanceId ?? AnchoreId(trigger, fire.Message),
                StableId = $"{trigger.Gate.Name}.{trigger.Name}:{fire.Subject ?? fire.Message}",
                Message = fire.Message,
                Path = fire.Path,
                Layer = fire.Layer,
                PackageName = fire.PackageName,
                PackageVersion = fire.PackageVersion,
                Inherited = baseLayers is { } n && fire.Layer is { } layer && layer < n,
            };
            var allow = Allowlists.Match(whitelists, f, now);
            return allow is null ? f : f with { AllowlistedBy = allow, Action = PolicyActions.Go };
        }).ToList();

        return rule.Threshold is { } threshold ? Aggregate(findings, threshold, baseFinding, trigger) : findings;
    }

    /// <summary>
    /// Count rules (beyond Anchore): the matches that are not allowlisted are counted; above the threshold one
    /// finding carries the rule's action, and the individual matches are listed as GO so reports can show them.
    /// </summary>
    private static IEnumerable<Finding> Aggregate(List<Finding> findings, int threshold, Finding baseFinding, Trigger trigger)
    {
        var counted = findings.Count(f => f.AllowlistedBy is null);
        var listed = findings.Select(f => f with { Action = PolicyActions.Go, CountedOnly = true }).ToList();
        if (counted <= threshold)
        {
            return listed;
        }

        var message = $"{counted} matches of {trigger.Gate.Name}/{trigger.Name} exceed the threshold of {threshold}";
        return [baseFinding with { TriggerId = AnchoreId(trigger, message), StableId = $"{trigger.Gate.Name}.{trigger.Name}:threshold>{threshold}", Message = message }, .. listed];
    }

    /// <summary>Anchore's default trigger id: md5 hex of gate name + trigger name + message.</summary>
    public static string AnchoreId(Trigger trigger, string message) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(trigger.Gate.Name + trigger.Name + message)));
}
