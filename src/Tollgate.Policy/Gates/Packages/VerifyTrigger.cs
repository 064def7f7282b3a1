using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates.Files;

namespace Tollgate.Policy.Gates.Packages;

public sealed class VerifyTrigger : Trigger
{
    public override string Name => "verify";
    public override string Description => "Check package integrity against package db in the image. Triggers for changes or removal or content in all or the selected \"dirs\" parameter if provided, and can filter type of check with the \"check_only\" parameter.";
    public override string MessageTemplate => "VERIFY check against package db for package '{0}' failed on entry '{1}' with status: '{2}'";
    public override string Remediation => "Reinstall the package or rebuild the layer that changed its files.";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.List("only_packages", "List of package names to limit verification.", example: "libssl,openssl"),
        TriggerParameter.List("only_directories", "List of directories to limit checks so as to avoid checks on all dir.", example: "/usr,/var/lib"),
        TriggerParameter.OneOf("check", "Check to perform instead of all.", ["changed", "missing"]),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var names = args.List("only_packages");
        var dirs = args.List("only_directories");
        var check = args.String("check");
        var files = FilesGate.ByPath(context);
        foreach (var pkg in PackagesGate.DistroPackages(context))
        {
            if (names.Count > 0 && !names.Contains(pkg.Name))
            {
                continue;
            }

            foreach (var owned in pkg.Files)
            {
                if (dirs.Count > 0 && !dirs.Any(d => owned.Path.StartsWith(d, StringComparison.Ordinal)))
                {
                    continue;
                }

                var status = Status(owned, files.GetValueOrDefault(owned.Path));
                if (status is not null && (check is null || check == status))
                {
                    yield return PackagesGate.FireFor(Format(pkg.Name, owned.Path, status), pkg) with { Subject = $"{pkg.Name}:{owned.Path}", Path = owned.Path };
                }
            }
        }
    }

    /// <summary>"missing", "changed" or null (same, or not enough data to tell), as Anchore's diff decides.</summary>
    public static string? Status(OwnedFile expected, FileFact? actual)
    {
        if (actual is null)
        {
            return "missing";
        }

        var isFile = FilesGate.StMode(actual) >> 12 == 0x8;
        var isDir = FilesGate.StMode(actual) >> 12 == 0x4;
        if (isFile && expected.Digest is { Algorithm: var algo, Value: var digest }
            && string.Equals(algo, "sha256", StringComparison.OrdinalIgnoreCase) && actual.Sha256 is { } sha && !string.Equals(sha, digest, StringComparison.OrdinalIgnoreCase))
        {
            return "changed";
        }

        if ((isFile || isDir) && expected.Mode is { } dbMode && dbMode != 0)
        {
            // Compare the octal strings right-aligned on the shorter one (db modes may lack type bits).
            var fs = Convert.ToString(FilesGate.StMode(actual), 8);
            var db = Convert.ToString(dbMode, 8);
            var n = Math.Min(fs.Length, db.Length);
            if (fs[^n..] != db[^n..])
            {
                return "changed";
            }
        }

        return isFile && expected.Size is > 0 && actual.Size > 0 && expected.Size != actual.Size ? "changed" : null;
    }
}
