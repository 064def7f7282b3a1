namespace Tollgate.Reports.Model;

/// <summary>One output format. Renderers only draw; they never decide pass or fail.</summary>
public interface IReportRenderer
{
    /// <summary>The `-o` name scripts depend on ("sarif", "junit", …).</summary>
    string Format { get; }

    /// <summary>Formats that only make sense for a policy check (an assessment needs a verdict), not for a bare scan.</summary>
    bool NeedsEvaluation => false;

    void Render(ReportInput input, Stream output);
}
