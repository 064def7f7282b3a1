using System.Text.Json;
using Tollgate.Analysis.Model;

namespace Tollgate.Cli.Commands;

/// <summary>
/// `scan sbom:FILE`. Until the SBOM readers (Tollgate.Sbom) land, only our native JSON — a serialized
/// ImageAnalysis — is read; CycloneDX and SPDX inputs are refused with a clear message.
/// </summary>
internal static class SbomInput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ImageAnalysis Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such SBOM file");
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.TryGetProperty("bomFormat", out _) || root.TryGetProperty("spdxVersion", out _))
        {
            throw new NotSupportedException($"{path}: CycloneDX/SPDX input is not yet supported by scan (needs the SBOM readers); give tollgate's native JSON");
        }

        if (!root.TryGetProperty("packages", out _) || !root.TryGetProperty("image", out _))
        {
            throw new InvalidDataException($"{path}: not a tollgate native JSON analysis (no \"image\"/\"packages\")");
        }

        return root.Deserialize<ImageAnalysis>(Options) ?? throw new InvalidDataException($"{path}: empty analysis");
    }
}
