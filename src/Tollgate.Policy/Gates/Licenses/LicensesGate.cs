using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates.Packages;

namespace Tollgate.Policy.Gates.Licenses;

public sealed class LicensesGate : Gate
{
    public override string Name => "licenses";
    public override string Description => "License checks against found software licenses in the container image";

    public override IReadOnlyList<Trigger> Triggers { get; } =
    [
        new LicenseDenyTrigger("blacklist_exact_match", "Triggers if the evaluated image has a package installed with software distributed under the specified (exact match) license(s).",
            "LICFULLMATCH Packages are installed that have blacklisted licenses: {0}", "List of license names to blacklist exactly.", "GPLv2+,GPL-3+,BSD-2-clause", partial: false),
        new LicenseDenyTrigger("blacklist_partial_match", "triggers if the evaluated image has a package installed with software distributed under the specified (substring match) license(s)",
            "LICSUBMATCH Packages are installed that have blacklisted licenses: {0}", "List of strings to do substring match for blacklist.", "LGPL,BSD", partial: true),
    ];

    /// <summary>(package, license word) pairs of distro packages: Anchore splits each license string on whitespace.</summary>
    internal static IReadOnlyList<(string Package, string License)> Pairs(TriggerContext context) =>
        context.Prepared("licenses.pairs", c => (IReadOnlyList<(string, string)>)PackagesGate.DistroPackages(c)
            .SelectMany(p => p.Licenses.SelectMany(l => l.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(l => (p.Name, l)))
            .ToList());
}

/// <summary>Exact and partial license deny lists: one fire listing every offending package(license).</summary>
public sealed class LicenseDenyTrigger(string name, string description, string message, string parameterDescription, string example, bool partial) : Trigger
{
    public override string Name => name;
    public override string Description => description;
    public override string MessageTemplate => message;
    public override string Remediation => "Replace or remove the packages under the denied licenses, or record an exception with the legal review.";
    public override IReadOnlyList<TriggerParameter> Parameters { get; } = [TriggerParameter.List("licenses", parameterDescription, required: true, example: example)];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var denied = args.List("licenses");
        var hits = new List<string>();
        foreach (var (pkg, license) in LicensesGate.Pairs(context))
        {
            hits.AddRange(partial
                ? denied.Where(d => license.Contains(d, StringComparison.Ordinal)).Select(_ => $"{pkg}({license})")
                : denied.Contains(license) ? [$"{pkg}({license})"] : []);
        }

        if (hits.Count > 0)
        {
            yield return new TriggerFire(Format(string.Join(", ", hits))) { Subject = string.Join(",", hits) };
        }
    }
}
