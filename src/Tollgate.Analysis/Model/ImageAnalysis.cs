using Tollgate.Images.Model;

namespace Tollgate.Analysis.Model;

/// <summary>
/// Everything the analysis knows about one image: the model every later stage (SBOM, matching, policy,
/// reports, service) reads. Serialized losslessly as our native JSON.
/// </summary>
public sealed record ImageAnalysis
{
    public const string CurrentSchemaVersion = "1.0";

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required ImageMetadata Image { get; init; }
    public Distro? Distro { get; init; }
    public IReadOnlyList<Package> Packages { get; init; } = [];
    public IReadOnlyList<Relationship> Relationships { get; init; } = [];
    public IReadOnlyList<FileFact> Files { get; init; } = [];
    public IReadOnlyList<SecretFinding> Secrets { get; init; } = [];
    public AccountFacts? Accounts { get; init; }
    public ImageFacts? Facts { get; init; }

    /// <summary>Non-fatal problems, each naming the file and the problem.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Parts of the analysis this result cannot speak for (e.g. "files", "secrets" when it was read from an SBOM),
    /// so checks that need them report "not available" instead of passing.
    /// </summary>
    public IReadOnlyList<string> NotAvailable { get; init; } = [];

    public DateTimeOffset AnalyzedAt { get; init; }
}

/// <summary>A file of the squashed view (or of any layer) with what the analysis learned about it.</summary>
public sealed record FileFact
{
    public required string Path { get; init; }
    public required string Type { get; init; }
    public int Mode { get; init; }
    public int Uid { get; init; }
    public int Gid { get; init; }
    public long Size { get; init; }
    public int Layer { get; init; }
    public string? LinkTarget { get; init; }
    public string? Sha256 { get; init; }

    /// <summary>"executable", "shared-library", "relocatable" or "core" for ELF files, else null.</summary>
    public string? ElfKind { get; init; }

    /// <summary>File capabilities decoded from security.capability, e.g. "cap_net_bind_service=ep".</summary>
    public string? Capabilities { get; init; }

    /// <summary>Ids of packages whose database lists this file.</summary>
    public IReadOnlyList<string> OwnedBy { get; init; } = [];

    /// <summary>
    /// True for a setuid/setgid file that a lower layer ships but a later layer deleted or replaced: invisible in the
    /// container, still extractable from the image.
    /// </summary>
    public bool DeletedInLaterLayer { get; init; }
}

/// <summary>A secret or credential found in a file, env, label or history entry. Never holds the secret in full.</summary>
public sealed record SecretFinding
{
    public required string RuleId { get; init; }
    public required string Title { get; init; }
    public required string Severity { get; init; }

    /// <summary>"file", "env", "label", "history".</summary>
    public required string Kind { get; init; }

    /// <summary>File path, or the env/label name, or "history[N]".</summary>
    public required string Where { get; init; }

    public int? Layer { get; init; }
    public int? Line { get; init; }

    /// <summary>The match with all but a few characters masked.</summary>
    public required string Redacted { get; init; }

    /// <summary>True when the file is not in the squashed view (deleted or overwritten later) but still ships in a layer.</summary>
    public bool DeletedInLaterLayer { get; init; }
}

public sealed record AccountFacts
{
    public IReadOnlyList<UserAccount> Users { get; init; } = [];
    public IReadOnlyList<GroupAccount> Groups { get; init; } = [];
    public IReadOnlyList<string> UidZeroUsers { get; init; } = [];
    public IReadOnlyList<string> EmptyPasswordUsers { get; init; } = [];
    public IReadOnlyList<int> DuplicateUids { get; init; } = [];
    public IReadOnlyList<int> DuplicateGids { get; init; } = [];
}

public sealed record UserAccount(string Name, int Uid, int Gid, string Home, string Shell)
{
    /// <summary>"none" (no shadow entry), "locked", "empty", "hash".</summary>
    public string PasswordState { get; init; } = "none";

    public bool HasLoginShell { get; init; }
}

public sealed record GroupAccount(string Name, int Gid, IReadOnlyList<string> Members);

/// <summary>Facts about how the image runs and how it was made.</summary>
public sealed record ImageFacts
{
    /// <summary>The USER as configured ("" or null means root).</summary>
    public string? User { get; init; }

    public int? EffectiveUid { get; init; }
    public bool RunsAsRoot { get; init; }
    public IReadOnlyList<LayerFact> Layers { get; init; } = [];

    /// <summary>The history rebuilt as a Dockerfile (or the real one given with --dockerfile).</summary>
    public string? Dockerfile { get; init; }

    public bool DockerfileProvided { get; init; }
    public BaseImage? BaseImage { get; init; }
}

public sealed record LayerFact(int Index, string DiffId, long Size, string? CreatedBy);

/// <summary>The image this one was built on, with how we know.</summary>
public sealed record BaseImage
{
    public string? Name { get; init; }
    public string? Digest { get; init; }

    /// <summary>Number of leading layers that belong to the base image, when known.</summary>
    public int? LayerCount { get; init; }

    /// <summary>"annotation", "label", "distro", "history".</summary>
    public required string Evidence { get; init; }
}
