using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Images.Model;

/// <summary>A content descriptor (OCI image-spec descriptor.md); Docker schema-2 uses the same shape.</summary>
public sealed record OciDescriptor
{
    public string? MediaType { get; init; }
    public string Digest { get; init; } = "";
    public long Size { get; init; }
    public OciPlatform? Platform { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public List<string>? Urls { get; init; }
}

public sealed record OciPlatform
{
    public string Architecture { get; init; } = "";
    public string Os { get; init; } = "";
    public string? Variant { get; init; }

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }
}

/// <summary>
/// A manifest or an index: one record for both because media types are optional in OCI documents
/// and the presence of "manifests" or "layers" is what tells them apart.
/// </summary>
public sealed record OciManifestDocument
{
    public int SchemaVersion { get; init; }
    public string? MediaType { get; init; }
    public OciDescriptor? Config { get; init; }
    public List<OciDescriptor>? Layers { get; init; }
    public List<OciDescriptor>? Manifests { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }

    [JsonIgnore]
    public bool IsIndex => Manifests is not null && Layers is null;
}

/// <summary>The image config JSON (OCI config / Docker image JSON); only the parts we report.</summary>
public sealed record OciImageConfig
{
    public string? Architecture { get; init; }
    public string? Os { get; init; }
    public string? Variant { get; init; }
    public string? Created { get; init; }
    public string? Author { get; init; }
    public OciRuntimeConfig? Config { get; init; }
    public OciRootFs? Rootfs { get; init; }
    public List<OciHistory>? History { get; init; }
}

public sealed record OciRuntimeConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    [JsonPropertyName("Env")]
    public List<string>? Env { get; init; }

    [JsonPropertyName("ExposedPorts")]
    public Dictionary<string, JsonElement>? ExposedPorts { get; init; }

    [JsonPropertyName("Entrypoint")]
    public List<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public List<string>? Cmd { get; init; }

    [JsonPropertyName("Labels")]
    public Dictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("Healthcheck")]
    public OciHealthcheck? Healthcheck { get; init; }

    [JsonPropertyName("Volumes")]
    public Dictionary<string, JsonElement>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }

    [JsonPropertyName("Shell")]
    public List<string>? Shell { get; init; }

    [JsonPropertyName("OnBuild")]
    public List<string>? OnBuild { get; init; }
}

public sealed record OciHealthcheck
{
    [JsonPropertyName("Test")]
    public List<string>? Test { get; init; }

    [JsonPropertyName("Interval")]
    public long? Interval { get; init; }

    [JsonPropertyName("Timeout")]
    public long? Timeout { get; init; }

    [JsonPropertyName("StartPeriod")]
    public long? StartPeriod { get; init; }

    [JsonPropertyName("Retries")]
    public int? Retries { get; init; }
}

public sealed record OciRootFs
{
    public string? Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public List<string>? DiffIds { get; init; }
}

public sealed record OciHistory
{
    public string? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    public string? Comment { get; init; }
    public string? Author { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }
}

/// <summary>One image of a `docker save` manifest.json.</summary>
public sealed record DockerArchiveImage
{
    [JsonPropertyName("Config")]
    public string Config { get; init; } = "";

    [JsonPropertyName("RepoTags")]
    public List<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public List<string> Layers { get; init; } = [];
}

/// <summary>Entry of ~/.docker/config.json "auths".</summary>
public sealed record DockerAuthEntry
{
    public string? Auth { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
}

public sealed record DockerConfigFile
{
    public Dictionary<string, DockerAuthEntry>? Auths { get; init; }
}

/// <summary>A registry token endpoint's answer.</summary>
public sealed record TokenResponse
{
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(OciManifestDocument))]
[JsonSerializable(typeof(OciImageConfig))]
[JsonSerializable(typeof(List<DockerArchiveImage>))]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class OciJsonContext : JsonSerializerContext;
