using Tollgate.Policy.Evaluator;
using Tollgate.Reports.Model;

namespace Tollgate.Reports.Oscal;

/// <summary>The UUIDs of one OSCAL document, all derived from the document's own (see <see cref="NameUuid"/>).</summary>
internal sealed class OscalIds
{
    private readonly Dictionary<Finding, string> _observations = new(ReferenceEqualityComparer.Instance);

    public OscalIds(ReportInput input, Evaluation evaluation)
    {
        Document = NameUuid.Create($"tollgate:oscal/{input.Analysis.Image.ManifestDigest ?? input.ImageName}/{evaluation.BundleId}/{OscalRenderer.Timestamp(input.GeneratedAt)}");
        foreach (var (finding, i) in input.VisibleFindings.Select((f, i) => (f, i)))
        {
            _observations[finding] = Of($"observation/{i}/{finding.TriggerId}");
        }
    }

    public string Document { get; }

    public string Result => Of("result");

    public string Bundle => Of("bundle");

    public string Image => Of("image");

    public string Tool => Of("tool");

    public string Platform => Of("platform");

    public string Observation(Finding finding) => _observations[finding];

    public string Finding(string ruleId, string targetId) => Of($"finding/{ruleId}/{targetId}");

    public string Package(string name, string? version) => Of($"package/{name}/{version}");

    private string Of(string name) => NameUuid.Create($"{Document}/{name}");
}
