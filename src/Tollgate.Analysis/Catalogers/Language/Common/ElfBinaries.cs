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
        Sniff = Sniffs.Elf,
        SniffBytes = 4,
        MinBytes = 1024,
        MaxBytes = 256L << 20,
    };
}
