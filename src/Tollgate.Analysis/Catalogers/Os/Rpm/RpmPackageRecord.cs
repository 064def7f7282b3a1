using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Os.Rpm;

/// <summary>What one installed-package header says, before it becomes a <see cref="Package"/>.</summary>
public sealed record RpmPackageRecord
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public string? Release { get; init; }
    public int? Epoch { get; init; }
    public string? Arch { get; init; }
    public string? SourceRpm { get; init; }
    public string? License { get; init; }
    public string? Vendor { get; init; }
    public long? Size { get; init; }
    public string? ModularityLabel { get; init; }
    public IReadOnlyList<OwnedFile> Files { get; init; } = [];
    public IReadOnlyList<string> Provides { get; init; } = [];
    public IReadOnlyList<string> Requires { get; init; } = [];

    /// <summary>Reads the fields from a parsed header; throws <see cref="RpmFormatException"/> when it is not a package.</summary>
    internal static RpmPackageRecord From(RpmHeader header)
    {
        var name = header.String(RpmTag.Name);
        var version = header.String(RpmTag.Version);
        if (string.IsNullOrEmpty(name) || version is null)
        {
            throw new RpmFormatException("header has no NAME or VERSION");
        }

        var epoch = header.Integer(RpmTag.Epoch);
        return new RpmPackageRecord
        {
            Name = name,
            Version = version,
            Release = header.String(RpmTag.Release),
            Epoch = epoch is null ? null : (int)epoch.Value,
            Arch = header.String(RpmTag.Arch),
            SourceRpm = header.String(RpmTag.SourceRpm),
            License = header.String(RpmTag.License),
            Vendor = header.String(RpmTag.Vendor),
            Size = header.Integer(RpmTag.LongSize) ?? header.Integer(RpmTag.Size),
            ModularityLabel = header.String(RpmTag.ModularityLabel),
            Files = RpmFileList.From(header),
            Provides = header.StringArray(RpmTag.ProvideName),
            Requires = header.StringArray(RpmTag.RequireName),
        };
    }
}
