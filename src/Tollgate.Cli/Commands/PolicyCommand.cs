using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Cli.CommandLine;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates;
using Tollgate.Policy.Packs;

namespace Tollgate.Cli.Commands;

/// <summary>`tollgate policy validate|spec|packs|convert|expiring`: work with bundles without an image.</summary>
public sealed class PolicyCommand : ICommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "policy";

    public string Summary => "validate, convert and list policy bundles, packs and the gate/trigger spec";

    public string Usage => """
        usage: tollgate policy <subcommand> ...
          validate FILE|pack:NAME [-o table|json]   every problem at once, each at its JSON path (exit 2 if any error)
          spec [-o table|json]                       every gate, trigger and parameter (Anchore policy_spec shape)
          packs [-o table|json]                      the built-in packs and their versions
          convert FILE --to v2|1_0 [-o json[=FILE]]  lossless conversion between Anchore's 1_0 and v2 layouts
          expiring FILE|pack:NAME [--days N]          exceptions (whitelist items) expiring within N days (default 30)
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { "--to", "--days" };

    public IReadOnlySet<string> FlagOptions { get; } = new HashSet<string>();

    public Task<int> RunAsync(ParsedArgs args, CancellationToken cancellationToken)
    {
        var sub = args.RequirePositional(0, "policy subcommand (validate, spec, packs, convert, expiring)");
        return Task.FromResult(sub switch
        {
            "validate" => Validate(args),
            "spec" => Spec(args),
            "packs" => Packs(args),
            "convert" => Convert(args),
            "expiring" => Expiring(args),
            _ => throw new UsageException($"unknown policy subcommand '{sub}' (validate, spec, packs, convert, expiring)"),
        });
    }

    private static int Validate(ParsedArgs args)
    {
        var file = args.RequirePositional(1, "bundle file");
        var read = BundleLoader.Load(file);
        var errors = read.Problems.Count(p => p.Severity == ProblemSeverity.Error);
        foreach (var output in OutputTarget.Validate(args.Outputs, ["table", "json"], "table"))
        {
            output.Write(w =>
            {
                if (output.Format == "json")
                {
                    // Anchore's validate_bundle answer, with a path on each detail.
                    var details = new JsonArray([.. read.Problems.Select(p => (JsonNode)new JsonObject { ["severity"] = p.Severity.ToString().ToLowerInvariant(), ["path"] = p.Path, ["message"] = p.Message })]);
                    w.WriteLine(new JsonObject { ["valid"] = !read.HasErrors, ["validation_details"] = details }.ToJsonString(Indented));
                    return;
                }

                foreach (var p in read.Problems)
                {
                    w.WriteLine(p.ToString());
                }

                if (read.Bundle is { } b && !read.HasErrors)
                {
                    w.WriteLine($"valid: {b.Format} bundle '{b.Name ?? b.Id}', {b.Policies.Count} policies, {b.Policies.Sum(p => p.Rules.Count)} rules, {b.Mappings.Count} mappings");
                }
                else
                {
                    w.WriteLine($"invalid: {errors} error(s)");
                }
            });
        }

        return read.HasErrors ? ExitCodes.Error : ExitCodes.Success;
    }

    private static int Spec(ParsedArgs args)
    {
        foreach (var output in OutputTarget.Validate(args.Outputs, ["table", "json"], "table"))
        {
            output.Write(w =>
            {
                if (output.Format == "json")
                {
                    w.WriteLine(PolicySpec.Build(GateRegistry.Default).ToJsonString(Indented));
                    return;
                }

                foreach (var gate in GateRegistry.Default.Gates)
                {
                    var state = gate.State == LifecycleState.Eol ? $" (end of life{(gate.SupersededBy is { } s ? ", use " + s : "")})" : gate.IsExtension ? " (Tollgate)" : "";
                    w.WriteLine($"{gate.Name}{state}: {gate.Description}");
                    foreach (var t in gate.Triggers.Where(_ => gate.State != LifecycleState.Eol))
                    {
                        w.WriteLine($"  {t.Name}: {t.Description}");
                        w.WriteLine($"    message: {t.MessageTemplate}");
                        foreach (var p in t.Parameters)
                        {
                            var enumValues = p.EnumValues.Count > 0 ? " [" + string.Join(" ", p.EnumValues) + "]" : "";
                            var aliases = p.Aliases.Count > 0 ? " (alias " + string.Join(", ", p.Aliases) + ")" : "";
                            w.WriteLine($"    {p.Name}{(p.Required ? " (required)" : "")}{aliases}: {p.Kind}{enumValues} — {p.Description}");
                        }
                    }
                }
            });
        }

        return ExitCodes.Success;
    }

    private static int Packs(ParsedArgs args)
    {
        foreach (var output in OutputTarget.Validate(args.Outputs, ["table", "json"], "table"))
        {
            output.Write(w =>
            {
                if (output.Format == "json")
                {
                    var list = new JsonArray([.. PackCatalog.All.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["version"] = p.Version, ["rules"] = p.RuleCount, ["description"] = p.Description })]);
                    w.WriteLine(list.ToJsonString(Indented));
                    return;
                }

                w.WriteLine($"{"NAME",-12}{"VERSION",-10}{"RULES",-7}DESCRIPTION");
                foreach (var p in PackCatalog.All)
                {
                    w.WriteLine($"{p.Name,-12}{p.Version,-10}{p.RuleCount,-7}{p.Description}");
                }
            });
        }

        return ExitCodes.Success;
    }

    private static int Convert(ParsedArgs args)
    {
        var file = args.RequirePositional(1, "bundle file");
        var to = args.Value("--to") switch
        {
            "v2" or "2" => BundleFormat.V2,
            "1_0" or "v1" => BundleFormat.V1,
            null => throw new UsageException("missing --to v2|1_0"),
            var other => throw new UsageException($"--to: '{other}' is not a bundle format (v2 or 1_0)"),
        };
        var read = BundleLoader.Load(file);
        foreach (var p in read.Problems)
        {
            Console.Error.WriteLine($"tollgate: {file}: {p}");
        }

        if (read.Bundle is null)
        {
            return ExitCodes.Error;
        }

        foreach (var output in OutputTarget.Validate(args.Outputs, ["json"], "json"))
        {
            output.Write(w => w.WriteLine(BundleWriter.ToJson(read.Bundle, to)));
        }

        return ExitCodes.Success;
    }

    private static int Expiring(ParsedArgs args)
    {
        var file = args.RequirePositional(1, "bundle file");
        var days = args.Value("--days") is { } d ? int.TryParse(d, out var n) && n >= 0 ? n : throw new UsageException($"--days: '{d}' is not a number of days") : 30;
        var read = BundleLoader.Load(file, strict: false);
        if (read.Bundle is null)
        {
            read.Problems.ToList().ForEach(p => Console.Error.WriteLine($"tollgate: {file}: {p}"));
            return ExitCodes.Error;
        }

        var expiring = Allowlists.Expiring(read.Bundle.Whitelists, TimeProvider.System.GetUtcNow(), days);
        foreach (var output in OutputTarget.Validate(args.Outputs, ["table", "json"], "table"))
        {
            output.Write(w =>
            {
                if (output.Format == "json")
                {
                    w.WriteLine(JsonSerializer.Serialize(expiring, PolicyJsonContext.Default.IReadOnlyListExpiringException));
                    return;
                }

                foreach (var x in expiring)
                {
                    w.WriteLine($"{x.ExpiresOn:yyyy-MM-dd} {(x.Expired ? "EXPIRED" : $"{x.DaysLeft,3}d")} {x.WhitelistId}/{x.ItemId ?? "-"} {x.Gate} {x.TriggerId}{(x.Owner is null ? "" : " owner=" + x.Owner)}{(x.Reason is null ? "" : " reason=" + x.Reason)}");
                }

                if (expiring.Count == 0)
                {
                    w.WriteLine($"no exceptions expire within {days} days");
                }
            });
        }

        return ExitCodes.Success;
    }
}
