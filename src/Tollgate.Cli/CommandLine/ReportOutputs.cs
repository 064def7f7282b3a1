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

    /// <summary>
    /// Writes one output as a progress step when it goes to a file; output to stdout is written without progress so
    /// nothing is drawn into it on a terminal.
    /// </summary>
    public static void Write(ProgressReporter progress, OutputTarget target, Action write)
    {
        if (target.File is null)
        {
            write();
            return;
        }

        progress.Step($"writing {target.Format} to {target.File}", write);
    }
}
