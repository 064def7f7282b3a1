using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Files;

public sealed class FilesGate : Gate
{
    public override string Name => "files";
    public override string Description => "Checks against files in the analyzed image including file content, file names, and filesystem attributes.";

    public override IReadOnlyList<Trigger> Triggers { get; } =
        [new ContentRegexMatchTrigger(), new NameMatchTrigger(), new AttributeMatchTrigger(), new SuidOrGuidSetTrigger()];

    /// <summary>
    /// Files of the squashed view (what runs; Anchore's fs listing). Setuid files that only survive in lower layers
    /// are in the analysis too, flagged, and left out here.
    /// </summary>
    internal static IReadOnlyList<FileFact> Squashed(TriggerContext context) =>
        context.Prepared("files.squashed", c => (IReadOnlyList<FileFact>)c.Analysis.Files.Where(f => !f.DeletedInLaterLayer).ToList());

    /// <summary>Files of the squashed view by path, prepared once per evaluation.</summary>
    internal static IReadOnlyDictionary<string, FileFact> ByPath(TriggerContext context) =>
        context.Prepared("files.by-path", c =>
        {
            var map = new Dictionary<string, FileFact>(StringComparer.Ordinal);
            foreach (var f in Squashed(c))
            {
                map[f.Path] = f;
            }

            return (IReadOnlyDictionary<string, FileFact>)map;
        });

    /// <summary>
    /// The st_mode Python reports: file-type bits plus permission bits (0o100000 | 0o4755 = 0o104755), so
    /// messages and ids built from oct(mode) match Anchore's.
    /// </summary>
    public static int StMode(FileFact file)
    {
        if (file.Mode > 0xFFF)
        {
            return file.Mode;
        }

        var typeBits = file.Type.ToLowerInvariant() switch
        {
            "dir" or "directory" => 0x4000,
            "symlink" or "link" => 0xA000,
            "char" => 0x2000,
            "block" => 0x6000,
            "fifo" => 0x1000,
            _ => 0x8000,
        };
        return typeBits | file.Mode;
    }

    /// <summary>Python's oct(): "0o" and the octal digits.</summary>
    public static string PyOct(int value) => "0o" + Convert.ToString(value, 8);
}
