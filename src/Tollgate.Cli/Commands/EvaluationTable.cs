using Tollgate.Cli.CommandLine;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The `check` table: the decision and a summary line first, then the findings grouped by action (STOP, WARN, GO),
/// each with its controls and remediation. Actions are coloured when the table goes to a terminal.
/// </summary>
internal static class EvaluationTable
{
    public static void Write(TextWriter w, Evaluation e, bool colour = false)
    {
        string Paint(string action) => colour ? TerminalColour.Action(action) : action;

        w.WriteLine($"image          {e.Tag}{(e.ImageDigest is null ? "" : " @ " + e.ImageDigest)}");
        w.WriteLine($"bundle         {e.BundleName ?? e.BundleId}{(e.MatchedMappingName ?? e.MatchedMappingId) switch { null => "", var m => $" (mapping {m})" }}");
        w.WriteLine($"final action   {Paint(e.FinalAction)} ({e.FinalActionReason}; policies: {e.PolicyAction})");
        var counts = e.Findings.Where(f => !f.CountedOnly).GroupBy(f => f.Action).OrderBy(g => PolicyActions.Rank(g.Key)).Select(g => $"{g.Count()} {Paint(g.Key)}");
        w.WriteLine($"findings       {string.Join(", ", counts.DefaultIfEmpty("none"))}");
        string? group = null;
        foreach (var f in e.Findings.OrderBy(f => PolicyActions.Rank(f.Action)).ThenBy(f => f.Gate, StringComparer.Ordinal))
        {
            if (f.Action != group)
            {
                group = f.Action;
                w.WriteLine();
                w.WriteLine($"== {Paint(group)} ({e.Findings.Count(x => x.Action == group)}) ==");
            }

            var flags = string.Concat(
                f.AllowlistedBy is { } a ? $" [allowlisted by {a.WhitelistName ?? a.WhitelistId}/{a.ItemId}]" : "",
                f.Inherited ? " [inherited from base image]" : "",
                f.Failed ? " [trigger failed]" : "");
            w.WriteLine($"{Paint(f.Action.PadRight(5))} {f.Gate}/{f.Trigger}  {f.TriggerId}{flags}");
            w.WriteLine($"      {f.Message}");
            var controls = string.Join(", ", f.Controls.Nist.Concat(f.Controls.Cci).Concat(f.Controls.Srg));
            if (controls.Length > 0)
            {
                w.WriteLine($"      controls: {controls}");
            }

            w.WriteLine($"      fix: {f.Remediation}");
        }

        foreach (var p in e.Problems)
        {
            w.WriteLine($"{p.Severity}: {p.ProblemType}: {p.Details}");
        }

        foreach (var x in e.ExpiringExceptions)
        {
            w.WriteLine($"exception {x.WhitelistId}/{x.ItemId ?? x.TriggerId} {(x.Expired ? "expired" : "expires")} {x.ExpiresOn:yyyy-MM-dd} ({x.DaysLeft} days){(x.Owner is null ? "" : ", owner " + x.Owner)}");
        }
    }
}
