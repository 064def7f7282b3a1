using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Eol;

/// <summary>
/// A gate Anchore retired: bundles naming it still parse, strict validation reports it, evaluation does nothing.
/// </summary>
public sealed class EolGate(string name, string? supersededBy, params string[] triggerNames) : Gate
{
    public override string Name => name;
    public override string Description => supersededBy is null ? "End of life; no successor." : $"End of life; use the '{supersededBy}' gate.";
    public override LifecycleState State => LifecycleState.Eol;
    public override string? SupersededBy => supersededBy;
    public override IReadOnlyList<Trigger> Triggers { get; } = triggerNames.Select(t => (Trigger)new EolTrigger(t)).ToList();

    /// <summary>Any trigger name of a retired gate is accepted at evaluation (it does nothing anyway).</summary>
    public override Trigger? FindTrigger(string triggerName) => base.FindTrigger(triggerName) ?? Adopt(new EolTrigger(triggerName.ToLowerInvariant()));

    private EolTrigger Adopt(EolTrigger t)
    {
        t.Gate = this;
        return t;
    }

    public static IReadOnlyList<Gate> All { get; } =
    [
        new EolGate("anchoresec", "vulnerabilities", "vulnlow", "vulnmedium", "vulnhigh", "vulncritical", "vulnunknown", "feedoutofdate", "unsupporteddistro"),
        new EolGate("dockerfilecheck", "dockerfile", "directivecheck", "effectiveuser", "expose", "nofrom", "fromscratch", "notag", "sudo", "volumepresent", "nohealthcheck", "nodockerfile"),
        new EolGate("filecheck", "files", "contentmatch", "filenamematch", "suidsgid"),
        new EolGate("fileparse_passwd", "passwd_file", "filenotstored", "usernamematch", "useridmatch", "groupidmatch", "shellmatch", "pentrymatch"),
        new EolGate("gemcheck", "ruby_gems", "gemnotlatest", "gemnotofficial", "gembadversion", "gempkgfullmatch", "gemnofeed"),
        new EolGate("npmcheck", "npms", "npmnotlatest", "npmnotofficial", "npmbadversion", "npmpkgfullmatch", "npmnofeed"),
        new EolGate("licblacklist", "licenses", "licfullmatch", "licsubmatch"),
        new EolGate("metadatacheck", "metadata", "attributecheck"),
        new EolGate("pkgblacklist", "packages", "pkgfullmatch", "pkgnamematch"),
        new EolGate("pkgcheck", "packages", "pkgnotpresent", "verify"),
        new EolGate("secretcheck", "secret_scans", "contentmatch"),
        new EolGate("pkgdiff", null, "pkgversiondiff", "pkgadd", "pkgdel"),
        new EolGate("suiddiff", null, "suidmodediff", "suidfileadd", "suidfiledel", "suiddiff"),
        new EolGate("imagecheck", null, "baseoutofdate"),
    ];
}

public sealed class EolTrigger(string name) : Trigger
{
    public override string Name => name;
    public override string Description => "End of life; does nothing at evaluation.";
    public override string MessageTemplate => "";
    public override LifecycleState State => LifecycleState.Eol;

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args) => [];
}
