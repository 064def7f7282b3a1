namespace Tollgate.Reports.Model;

/// <summary>One output format. Renderers only draw; they never decide pass or fail.</summary>
public interface IReportRenderer
{
    /// <summary>The `-o` name scripts depend on ("sarif", "junit", …).</summary>
    string Format { get; }

    void Render(ReportInput input, Stream output);
}
