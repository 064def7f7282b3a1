using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Files;

public sealed class AttributeMatchTrigger : Trigger
{
    public override string Name => "attribute_match";
    public override string Description => "Triggers if a filename exists in the container that has attributes that match those which are provided . This check has a performance impact on policy evaluation.";
    public override string MessageTemplate => "filename={0}";
    public override string Remediation => "Restore the file to its expected content and mode.";

    public override IReadOnlyList<TriggerParameter> Parameters { get; } =
    [
        TriggerParameter.Str("filename", "Filename to check against provided checksum.", required: true, example: "/etc/passwd"),
        TriggerParameter.OneOf("checksum_algorithm", "Checksum algorithm", ["sha256"]),
        TriggerParameter.Str("checksum", "Checksum of file.", example: "832cd0f75b227d13aac82b1f70b7f90191a4186c151f9db50851d209c45ede11"),
        TriggerParameter.OneOf("checksum_match", "Checksum operation to perform.", ["equals", "not_equals"]),
        new TriggerParameter("mode", ParameterKind.OctalMode, "File mode of file.") { Example = "00644" },
        TriggerParameter.OneOf("mode_op", "File mode operation to perform.", ["equals", "not_equals"]),
        TriggerParameter.Bool("skip_missing", "If set to true, do not fire this trigger if the file is not present.  If set to false, fire this trigger ignoring the other parameter settings."),
    ];

    public override IEnumerable<TriggerFire> Evaluate(TriggerContext context, RuleArguments args)
    {
        var filename = args.String("filename")!;
        var parts = new List<string>();
        if (FilesGate.ByPath(context).TryGetValue(filename, out var file))
        {
            var checksum = args.String("checksum");
            var checksumOp = args.String("checksum_match") ?? "equals";
            if (!string.IsNullOrEmpty(checksum))
            {
                var actual = file.Sha256 ?? "";
                if ((checksumOp == "equals") != (actual == checksum))
                {
                    yield break;
                }

                parts.Add($"checksum={actual} op={checksumOp} specified_checksum={checksum}");
            }

            var mode = args.String("mode");
            var modeOp = args.String("mode_op") ?? "equals";
            if (!string.IsNullOrEmpty(mode))
            {
                // Python compares oct(S_IMODE(st_mode)) with oct(int(mode, 8)).
                var actual = FilesGate.PyOct(FilesGate.StMode(file) & 0xFFF);
                var wanted = FilesGate.PyOct(TriggerParameter.ParseOctal(mode) ?? 0);
                if ((modeOp == "equals") != (actual == wanted))
                {
                    yield break;
                }

                parts.Add($"mode={actual} op={modeOp} specified_mode={wanted}");
            }
        }
        else
        {
            if (args.Bool("skip_missing") ?? true)
            {
                yield break;
            }

            parts.Add("skip_missing=False");
        }

        if (parts.Count > 0)
        {
            yield return new TriggerFire(Format(filename) + string.Concat(parts.Select(p => " and " + p)))
            {
                Subject = filename,
                Path = filename,
                Layer = file?.Layer,
            };
        }
    }
}
