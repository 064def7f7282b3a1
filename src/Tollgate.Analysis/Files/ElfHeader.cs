using System.Buffers.Binary;

namespace Tollgate.Analysis.Files;

/// <summary>What an ELF file is, from the first bytes of its header (e_ident and e_type).</summary>
public static class ElfHeader
{
    public const int HeaderBytes = 64;

    public static bool HasMagic(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F';

    /// <summary>
    /// "executable", "shared-library", "relocatable" or "core"; null when not ELF. ET_DYN is both PIE executables
    /// and libraries; telling them apart needs PT_INTERP beyond the header, so an executable-mode file whose name is
    /// not a ".so" counts as an executable (Debian and Alpine install libraries 0644 and name them *.so*).
    /// </summary>
    public static string? Kind(ReadOnlySpan<byte> header, string path, int mode)
    {
        if (!HasMagic(header) || header.Length < 18)
        {
            return null;
        }

        var type = header[5] == 2 ? BinaryPrimitives.ReadUInt16BigEndian(header[16..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[16..]);
        return type switch
        {
            1 => "relocatable",
            2 => "executable",
            3 => (mode & 0x49) != 0 && !Path.GetFileName(path).Contains(".so", StringComparison.Ordinal) ? "executable" : "shared-library",
            4 => "core",
            _ => null,
        };
    }
}
