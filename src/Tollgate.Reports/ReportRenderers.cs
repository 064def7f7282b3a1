using Tollgate.Reports.Gitlab;
using Tollgate.Reports.Html;
using Tollgate.Reports.Junit;
using Tollgate.Reports.Model;
using Tollgate.Reports.Oscal;
using Tollgate.Reports.Sarif;
using Tollgate.Reports.Stig;

namespace Tollgate.Reports;

/// <summary>Every report format rendered from <see cref="ReportInput"/>, by its `-o` name. Add a renderer here and nowhere else.</summary>
public static class ReportRenderers
{
    public static IReadOnlyList<IReportRenderer> All { get; } =
    [
        new SarifRenderer(),
        new JunitRenderer(),
        new GitlabRenderer(),
        new CklRenderer(),
        new CklbRenderer(),
        new HtmlRenderer(),
        new OscalRenderer(),
    ];

    public static IReadOnlyList<string> Formats { get; } = All.Select(r => r.Format).ToList();

    /// <summary>The formats a scan without a policy can write.</summary>
    public static IReadOnlyList<string> ScanFormats { get; } = All.Where(r => !r.NeedsEvaluation).Select(r => r.Format).ToList();

    public static IReportRenderer? Find(string format) => All.FirstOrDefault(r => r.Format == format);
}
