using System.Buffers;
using System.Text;
using System.Text.Json;
using Tollgate.Analysis.Model;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>What a parser sees of one kept file: its content, where it is, and a way to report problems.</summary>
public sealed record ParseInput(Stream Content, Location Location, Action<string> Warn, CatalogContext? Context = null);

/// <summary>A pure parser: one file in, packages and relationships out. Throws on input it cannot read.</summary>
public delegate CatalogResult FileParser(ParseInput input);

/// <summary>One content request and the parser for the files it keeps.</summary>
public sealed record ParserBinding(ContentRequest Request, FileParser Parse);

/// <summary>
/// The common shape of a language cataloger (syft's generic cataloger): declare content requests, run a pure
/// parser on each kept, squashed-visible file. A parser that throws costs one warning naming the file, never the run.
/// </summary>
public class FileCataloger(string name, params ParserBinding[] parsers) : ICataloger
{
    public string Name { get; } = name;

    public virtual IReadOnlyList<ContentRequest> Requests { get; } = parsers.Select(p => p.Request).ToList();

    public virtual CatalogResult Catalog(CatalogContext context)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        foreach (var binding in parsers)
        {
            foreach (var file in context.Contents.For(binding.Request.Name).Where(f => !f.Shadowed))
            {
                var location = context.LocationOf(file);
                try
                {
                    using var stream = context.Contents.Open(file);
                    if (binding.Request.Sniff is null && HoldsBinary(stream))
                    {
                        context.Warn($"{file.Path}: {Name} expected a text file but it holds binary data (a NUL byte in the first {TextSniffBytes} bytes); not parsed");
                        continue;
                    }

                    if (binding.Request.Sniff is null && FirstInvalidUtf8(stream) is { } at)
                    {
                        // Still parsed (a broken description byte should not hide the package); the parser sees U+FFFD.
                        context.Warn($"{file.Path}: {Name}: not valid UTF-8 (near byte {at}); undecodable bytes read as U+FFFD");
                    }

                    var result = binding.Parse(new ParseInput(stream, location, context.Warn, context));
                    packages.AddRange(result.Packages);
                    relationships.AddRange(result.Relationships);
                }
                catch (Exception e) when (IsBadInput(e))
                {
                    context.Warn($"{file.Path}: {Name} could not parse it: {e.Message}");
                }
            }
        }

        return Finish(context, new CatalogResult { Packages = packages, Relationships = relationships });
    }

    private const int TextSniffBytes = 512;

    /// <summary>
    /// Requests chosen by path alone name text formats (JSON, YAML, TOML, gemspecs, lockfiles), none of which has NUL
    /// bytes; a binary under such a name (an ELF called package.json) is reported as that, not fed to the parser.
    /// Binary formats (zip, ELF, PE) are requested with a magic sniff and skip this check.
    /// </summary>
    private static bool HoldsBinary(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[TextSniffBytes];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return head[..read].Contains((byte)0);
    }

    /// <summary>Offset of the first byte that is not UTF-8, or null; reads in chunks and rewinds the stream.</summary>
    private static long? FirstInvalidUtf8(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return null;
        }

        var decoder = StrictUtf8.GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = ArrayPool<char>.Shared.Rent(StrictUtf8.GetMaxCharCount(ChunkBytes));
        long offset = 0;
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, ChunkBytes)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                offset += read;
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return null;
        }
        catch (DecoderFallbackException e)
        {
            return Math.Max(0, offset + e.Index);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
            stream.Position = 0;
        }
    }

    private const int ChunkBytes = 81920;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Hook for catalogers that merge what several files said (e.g. an installed package and its lockfile entry).</summary>
    protected virtual CatalogResult Finish(CatalogContext context, CatalogResult result) => result;

    /// <summary>Malformed content of every kind a parser can meet; programming errors still surface.</summary>
    public static bool IsBadInput(Exception e) =>
        e is JsonException or InvalidDataException or FormatException or EndOfStreamException or IOException
            or System.Xml.XmlException or YamlDotNet.Core.YamlException
            or OverflowException or ArgumentException or KeyNotFoundException or InvalidOperationException
            or IndexOutOfRangeException or NotSupportedException or BadImageFormatException;
}
