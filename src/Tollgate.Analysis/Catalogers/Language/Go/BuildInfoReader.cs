using System.Text;
using Tollgate.Analysis.Catalogers.Language.Common;

namespace Tollgate.Analysis.Catalogers.Language.Go;

/// <summary>The two strings the Go linker embeds: the toolchain version ("go1.22.1") and the module info text.</summary>
public sealed record GoBuildInfo(string GoVersion, string ModuleInfo);

/// <summary>
/// Finds the build info blob: the ".go.buildinfo" section, or, when section headers are stripped, the
/// "\xff Go buildinf:" magic on a 16-byte boundary anywhere in the file. Go ≥ 1.18 stores both strings inline
/// (varint length + bytes); older toolchains store pointers to Go string headers, resolved through the segments.
/// </summary>
public static class BuildInfoReader
{
    private const int HeaderSize = 32;
    private const int MaxBlob = 4 << 20;
    private static readonly byte[] Magic = Encoding.Latin1.GetBytes("\xff Go buildinf:");

    public static GoBuildInfo? Read(Stream seekable)
    {
        var elf = Elf.TryRead(seekable);
        byte[] blob;
        if (elf?.Section(".go.buildinfo") is { } section)
        {
            blob = elf.Read(section, MaxBlob);
        }
        else if (elf is { Sections.Count: > 0 })
        {
            // A section table without .go.buildinfo: the Go linker always writes that section (Go 1.13+), so this is
            // not a Go program. Skipping the scan spares reading every other binary of the image end to end.
            return null;
        }
        else if (Scan(seekable) is { } offset)
        {
            blob = Elf.ReadAt(seekable, offset, MaxBlob);
        }
        else
        {
            return null;
        }

        return Decode(blob, elf);
    }

    public static GoBuildInfo? Decode(byte[] blob, Elf? elf)
    {
        if (blob.Length < HeaderSize || !blob.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }

        int ptrSize = blob[14], flags = blob[15];
        string? version, modinfo;
        if ((flags & 2) != 0)
        {
            var pos = HeaderSize;
            version = Varstring(blob, ref pos);
            modinfo = Varstring(blob, ref pos);
        }
        else
        {
            if (elf is null || ptrSize is not (4 or 8))
            {
                return null; // the pointer format needs the segments to follow the pointers
            }

            var r = new Elf.Reader((flags & 1) != 0);
            ulong Ptr(ReadOnlySpan<byte> b, int o) => ptrSize == 8 ? r.U64(b, o) : r.U32(b, o);
            string? GoString(ulong headerAddress)
            {
                var header = elf.ReadAddress(headerAddress, ptrSize * 2);
                var length = header.Length == ptrSize * 2 ? Ptr(header, ptrSize) : 0;
                return length is > 0 and < MaxBlob ? Encoding.UTF8.GetString(elf.ReadAddress(Ptr(header, 0), (int)length)) : null;
            }

            version = GoString(Ptr(blob, 16));
            modinfo = GoString(Ptr(blob, 16 + ptrSize));
        }

        return string.IsNullOrEmpty(version) ? null : new GoBuildInfo(version, StripSentinels(modinfo ?? ""));
    }

    // Module info is wrapped in 16-byte sentinels so the linker can find it; the text is between them.
    private static string StripSentinels(string modinfo) =>
        modinfo.Length >= 33 && modinfo[^17] == '\n' ? modinfo[16..^16] : modinfo;

    private static string? Varstring(byte[] blob, ref int pos)
    {
        ulong length = 0;
        for (var shift = 0; pos < blob.Length && shift < 64; shift += 7)
        {
            var b = blob[pos++];
            length |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > (ulong)(blob.Length - pos))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(blob, pos, (int)length);
        pos += (int)length;
        return text;
    }

    // Stripped binaries: look for the magic at 16-byte alignment, reading in chunks (bounded by the kept size).
    private static long? Scan(Stream stream)
    {
        const int chunk = 1 << 20;
        var buffer = new byte[chunk];
        stream.Position = 0;
        long baseOffset = 0;
        int read;
        while ((read = stream.ReadAtLeast(buffer, chunk, throwOnEndOfStream: false)) > 0)
        {
            for (var i = 0; i + Magic.Length <= read; i += 16)
            {
                if (buffer.AsSpan(i, Magic.Length).SequenceEqual(Magic))
                {
                    return baseOffset + i;
                }
            }

            baseOffset += read;
        }

        return null;
    }
}
