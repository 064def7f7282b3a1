using Tollgate.Reports;
using Tollgate.Reports.Model;

namespace Tollgate.Cli.CommandLine;

/// <summary>Writes the shared report formats (sarif, junit, gitlab, ckl, cklb, html) for any command that has a result.</summary>
public static class ReportOutputs
{
    public static bool TryWrite(OutputTarget target, ReportInput input)
    {
        var renderer = ReportRenderers.Find(target.Format);
        if (renderer is null)
        {
            return false;
        }

        target.WriteBytes(stream => renderer.Render(input, stream));
        return true;
    }
}
