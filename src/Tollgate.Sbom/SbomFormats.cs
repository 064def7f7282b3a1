using System.Text;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Common;
using Tollgate.Sbom.CycloneDx;
using Tollgate.Sbom.Native;
using Tollgate.Sbom.Spdx;
using Tollgate.Vulnerabilities.Model;

namespace Tollgate.Sbom;

/// <summary>Every SBOM output format by its `-o` name, in one place.</summary>
public static class SbomFormats
{
    public const string Native = NativeJson.FormatName;
    public const string CycloneDxJson = "cyclonedx-json";
    public const string CycloneDxXml = "cyclonedx-xml";
    public const string SpdxJson = "spdx-json";
    public const string SpdxTagValue = "spdx-tag-value";

    public static IReadOnlyList<string> Names { get; } = [Native, CycloneDxJson, CycloneDxXml, SpdxJson, SpdxTagValue];

    /// <summary>Writes <paramref name="analysis"/> as <paramref name="format"/>; CycloneDX carries the matches when given.</summary>
    public static void Write(string format, ImageAnalysis analysis, Stream output, SbomSettings settings,
        IReadOnlyList<VulnerabilityMatch>? matches = null, string cycloneDxVersion = "1.6")
    {
        if (cycloneDxVersion is not ("1.6" or "1.5"))
        {
            throw new NotSupportedException($"CycloneDX spec version '{cycloneDxVersion}' is not supported (1.6 or 1.5)");
        }

        switch (format)
        {
            case Native:
                NativeJson.Write(analysis, output);
                break;
            case CycloneDxJson:
                CdxJsonWriter.Write(CdxMapper.ToBom(analysis, settings, cycloneDxVersion, matches), output);
                break;
            case CycloneDxXml:
                CdxXmlWriter.Write(CdxMapper.ToBom(analysis, settings, cycloneDxVersion, matches), output);
                break;
            case SpdxJson:
                SpdxJsonWriter.Write(SpdxMapper.ToSpdx(analysis, settings), output);
                break;
            case SpdxTagValue:
                using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
                {
                    SpdxTagValueWriter.Write(SpdxMapper.ToSpdx(analysis, settings), writer);
                }

                break;
            default:
                throw new NotSupportedException($"unknown SBOM format '{format}' (supported: {string.Join(", ", Names)})");
        }
    }
}
