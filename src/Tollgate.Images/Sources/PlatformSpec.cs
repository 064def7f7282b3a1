using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>"os/arch[/variant]" as given by --platform; default linux/amd64.</summary>
public sealed record PlatformSpec(string Os, string Architecture, string? Variant)
{
    public static readonly PlatformSpec Default = new("linux", "amd64", null);

    public static PlatformSpec Parse(string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            throw new ImageException(source, $"invalid platform '{text}' (expected os/arch[/variant], e.g. linux/arm64/v8)");
        }

        return new PlatformSpec(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    /// <summary>Variant is compared only when asked for ("linux/arm64" takes any arm64 variant).</summary>
    public bool Matches(OciPlatform? platform) =>
        platform is not null && platform.Os == Os && platform.Architecture == Architecture
        && (Variant is null || platform.Variant == Variant);

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
