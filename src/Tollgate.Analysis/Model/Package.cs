namespace Tollgate.Analysis.Model;

/// <summary>Package types, named as purl types where one exists.</summary>
public static class PackageTypes
{
    public const string Deb = "deb";
    public const string Apk = "apk";
    public const string Rpm = "rpm";
    public const string Npm = "npm";
    public const string Python = "pypi";
    public const string Java = "maven";
    public const string Go = "golang";
    public const string DotNet = "nuget";
    public const string Gem = "gem";
    public const string Cargo = "cargo";
    public const string Composer = "composer";
    public const string Binary = "binary";
    public const string JavaScript = "javascript"; // vendored .js files recognised by content

    public static bool IsOs(string type) => type is Deb or Apk or Rpm;
}

/// <summary>Where evidence for something was found: a path in the image and the layer that put it there.</summary>
public sealed record Location(string Path, int Layer)
{
    /// <summary>Diff-id of the layer, when known.</summary>
    public string? LayerDiffId { get; init; }
}

/// <summary>A license as the metadata states it, with its SPDX id or expression where recognisable.</summary>
public sealed record LicenseInfo
{
    /// <summary>Text as found ("GPL-2+", "Apache License, Version 2.0").</summary>
    public required string Value { get; init; }

    /// <summary>SPDX id or expression ("GPL-2.0-or-later"), or null when not recognisable.</summary>
    public string? SpdxExpression { get; init; }

    /// <summary>Where it was read from ("metadata", "copyright", "classifier", …).</summary>
    public string? Source { get; init; }
}

/// <summary>One package found in the image.</summary>
public sealed record Package
{
    /// <summary>Stable id within one analysis (derived from type, name, version and first location).</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }
    public required string Version { get; init; }

    /// <summary>One of <see cref="PackageTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Name of the cataloger that found it ("dpkg-db", "npm-package-json", …).</summary>
    public required string FoundBy { get; init; }

    public string? Purl { get; init; }
    public IReadOnlyList<string> Cpes { get; init; } = [];
    public IReadOnlyList<LicenseInfo> Licenses { get; init; } = [];
    public IReadOnlyList<Location> Locations { get; init; } = [];
    public string? Architecture { get; init; }

    /// <summary>Source package (Debian Source:, rpm sourcerpm name, apk origin).</summary>
    public string? SourceName { get; init; }

    public string? SourceVersion { get; init; }

    /// <summary>rpm/deb epoch when the package has one (Version carries "epoch:" for deb, not for rpm).</summary>
    public int? Epoch { get; init; }

    public string? Release { get; init; }
    public string? Supplier { get; init; }
    public long? InstalledSize { get; init; }

    /// <summary>Digests of the package artifact, e.g. ("sha1", "…") for a jar.</summary>
    public IReadOnlyList<Digest> Digests { get; init; } = [];

    /// <summary>Ecosystem-specific facts, flat string pairs (e.g. "maintainer", "goVersion", "dev").</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Files the package manager says this package owns (absolute paths), OS packages only.</summary>
    public IReadOnlyList<OwnedFile> Files { get; init; } = [];

    /// <summary>Id of the OS package that owns this package's files, when one does.</summary>
    public string? OwnedBy { get; init; }
}

public sealed record Digest(string Algorithm, string Value);

/// <summary>A file a package database lists, with what the database says of it.</summary>
public sealed record OwnedFile(string Path)
{
    public Digest? Digest { get; init; }
    public int? Mode { get; init; }
    public long? Size { get; init; }
}
