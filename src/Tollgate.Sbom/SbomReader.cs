using System.Text.Json;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Common;
using Tollgate.Sbom.CycloneDx;
using Tollgate.Sbom.Native;
using Tollgate.Sbom.Spdx;
using Tollgate.Sbom.Syft;

namespace Tollgate.Sbom;

/// <summary>
/// Reads any SBOM Tollgate understands (CycloneDX JSON/XML, SPDX JSON/tag-value, syft JSON) into an
/// <see cref="ImageAnalysis"/>, detecting the format from the content, not the file name.
/// </summary>
public static class SbomReader
{
    /// <summary>JSON readers in the order they are tried; the first whose test matches reads the document.</summary>
    private static readonly List<(Func<JsonElement, bool> Looks, Func<JsonElement, string, ImageAnalysis> Read)> JsonReaders =
    [
        (NativeJson.Looks, NativeJson.Read),
        (CdxReader.LooksJson, CdxReader.ReadJson),
        (root => SbomJson.String(root, "spdxVersion") is not null, ReadSpdxJson),
        (SyftJsonReader.Looks, SyftJsonReader.Read),
    ];

    public static ImageAnalysis ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new SbomFormatException(path, "file not found");
        }

        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static ImageAnalysis Read(Stream input, string fileName)
    {
        var seekable = input.CanSeek ? input : Buffer(input);
        var first = FirstNonSpace(seekable);
        seekable.Position = 0;
        switch (first)
        {
            case '<':
                return CdxReader.ReadXml(seekable, fileName);
            case '{':
                using (var doc = SbomJson.Parse(seekable, fileName))
                {
                    foreach (var (looks, read) in JsonReaders)
                    {
                        if (looks(doc.RootElement))
                        {
                            return read(doc.RootElement, fileName);
                        }
                    }
                }

                throw new SbomFormatException(fileName, "JSON is not a Tollgate, CycloneDX, SPDX or syft SBOM");
            case 'S':
                return SpdxMapper.ToAnalysis(SpdxTagValueReader.Read(new StreamReader(seekable), fileName));
            default:
                throw new SbomFormatException(fileName, "not an SBOM: expected JSON, CycloneDX XML or SPDX tag-value");
        }
    }

    private static ImageAnalysis ReadSpdxJson(JsonElement root, string fileName) =>
        SpdxMapper.ToAnalysis(SpdxJsonReader.Read(root, fileName));

    private static int FirstNonSpace(Stream s)
    {
        int b;
        do
        {
            b = s.ReadByte();
        }
        while (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
        return b;
    }

    private static MemoryStream Buffer(Stream input)
    {
        var ms = new MemoryStream();
        input.CopyTo(ms);
        ms.Position = 0;
        return ms;
    }
}
