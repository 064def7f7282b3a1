namespace Tollgate.Service.Notifications;

/// <summary>The subscription / notification types, as Anchore names them.</summary>
public static class NotificationTypes
{
    public const string TagUpdate = "tag_update";
    public const string VulnUpdate = "vuln_update";
    public const string PolicyEval = "policy_eval";
    public const string AnalysisUpdate = "analysis_update";

    public static IReadOnlyList<string> All { get; } = [TagUpdate, VulnUpdate, PolicyEval, AnalysisUpdate];
}
