using Tollgate.Analysis.Model;
using Tollgate.Analysis.Ownership;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Files;

/// <summary>
/// A <see cref="FileFact"/> for every entry of the squashed view (mode, owner, size, layer, sha256 when asked,
/// capabilities, ELF kind, owning packages), plus setuid/setgid files that only survive in lower layers.
/// </summary>
public sealed class FileFactsStep : IAnalysisStep
{
    private const string ElfRequest = "files-elf";

    public string Name => "files";

    // Only the header of ELF files is kept, whatever their size: memory stays at 64 bytes per binary.
    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new()
        {
            Name = ElfRequest,
            Sniff = ElfHeader.HasMagic,
            SniffBytes = 4,
            KeepHeaderBytes = ElfHeader.HeaderBytes,
            MinBytes = 52,
        },
    ];

    public void Run(AnalysisBuilder analysis)
    {
        var owned = OwnedPathIndex.For(analysis);
        var files = analysis.Image.Files;
        foreach (var entry in files.Squashed.Values)
        {
            analysis.Files.Add(ToFact(analysis, entry, owned.OwnersOf(entry.Path)));
        }

        foreach (var entry in files.AllLayers.Where(e => (e.IsSetuid || e.IsSetgid) && e.Type == FileEntryType.File))
        {
            if (!ReferenceEquals(files.Find(entry.Path), entry))
            {
                analysis.Files.Add(ToFact(analysis, entry, []) with { DeletedInLaterLayer = true });
            }
        }
    }

    private static FileFact ToFact(AnalysisBuilder analysis, FileEntry entry, IReadOnlyList<string> owners) => new()
    {
        Path = entry.Path,
        Type = entry.Type.ToString().ToLowerInvariant(),
        Mode = entry.Mode,
        Uid = entry.Uid,
        Gid = entry.Gid,
        Size = entry.Size,
        Layer = entry.Layer,
        LinkTarget = entry.LinkTarget,
        Sha256 = analysis.Options.FileDigests ? entry.Sha256 : null,
        ElfKind = entry.Type == FileEntryType.File ? ElfKindOf(analysis, entry) : null,
        Capabilities = FileCapabilities.FromXattrs(entry.Xattrs),
        OwnedBy = owners.ToList(),
    };

    private static string? ElfKindOf(AnalysisBuilder analysis, FileEntry entry)
    {
        var kept = analysis.Image.Contents.Find(entry.Path);
        if (kept is null || kept.Layer != entry.Layer)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[ElfHeader.HeaderBytes];
        using var stream = analysis.Image.Contents.Open(kept);
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return ElfHeader.Kind(header[..read], entry.Path, entry.Mode);
    }
}
