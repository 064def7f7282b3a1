using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Sbom.Common;

/// <summary>
/// What every SBOM writer stamps on a document: the tool and the creation time. With SOURCE_DATE_EPOCH set, the
/// time comes from it and every generated id is derived from the content, so the same input gives byte-identical output.
/// </summary>
public sealed record SbomSettings
{
    public string ToolName { get; init; } = "tollgate";
    public string ToolVersion { get; init; } = typeof(SbomSettings).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public required DateTimeOffset Created { get; init; }

    /// <summary>Settings for now, honouring SOURCE_DATE_EPOCH (reproducible builds convention).</summary>
    public static SbomSettings FromEnvironment(TimeProvider? clock = null)
    {
        var epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        var created = long.TryParse(epoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (clock ?? TimeProvider.System).GetUtcNow();
        return new SbomSettings { Created = new DateTimeOffset(created.Ticks - (created.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) };
    }

    public string CreatedText => Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A UUID derived from the given parts and the creation time (stable for the same input and epoch).</summary>
    public Guid DeterministicUuid(params string?[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts) + "\n" + CreatedText));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5-style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
