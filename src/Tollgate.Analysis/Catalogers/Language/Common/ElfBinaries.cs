using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>
/// The one content request for ELF files whose build metadata language catalogers read (Go build info, Rust
/// cargo-auditable). Declared by the Go cataloger; the Rust cataloger reads the same kept files, so each binary is
/// kept once. Whole files are needed (the metadata can sit anywhere), up to 256 MB each.
/// </summary>
public static class ElfBinaries
{
    public static readonly ContentRequest Request = new()
    {
        Name = "language-elf",

        // Shared libraries, kernel modules and objects are not where Go or Rust programs live; skipping them keeps
        // the pass from holding every libc-sized file of a distro image.
        PathMatches = path => !IsLibraryName(path),
        Sniff = Sniffs.Elf,
        SniffBytes = 4,
        MinBytes = 1024,
        MaxBytes = 256L << 20,
    };

    private static bool IsLibraryName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)
            || name.EndsWith(".ko", StringComparison.Ordinal) || name.EndsWith(".o", StringComparison.Ordinal) || name.EndsWith(".a", StringComparison.Ordinal);
    }
}
