using System.IO.Compression;
using System.Security.Cryptography;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.Java;

/// <summary>
/// jar/war/ear/jpi/hpi archives: the archive's own package (from a matching pom.properties, else the manifest and
/// file name), every other pom in META-INF/maven (shaded dependencies), and archives nested inside (WEB-INF/lib,
/// BOOT-INF/lib, lib/ …) recursively within <see cref="ArchiveLimits"/>. Nested packages keep the image path of
/// the outer file as location and "virtualPath" ("app.war:WEB-INF/lib/x.jar") in metadata.
/// </summary>
public static class JavaArchiveParser
{
    public const string FoundBy = "java-archive";

    public static readonly string[] Extensions = [".jar", ".war", ".ear", ".jpi", ".hpi", ".par", ".sar", ".nar", ".kar", ".rar"];

    public static CatalogResult Parse(ParseInput input) => Parse(input, ArchiveLimits.Default);

    public static CatalogResult Parse(ParseInput input, ArchiveLimits limits)
    {
        var walk = new Walk(input, new ArchiveEntries(limits));
        using var seekable = SeekableContent.Open(input.Content);
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(seekable));
        seekable.Position = 0;
        walk.Archive(seekable, input.Location.Path, 0, sha1);
        return new CatalogResult { Packages = walk.Packages.Values.ToList(), Relationships = walk.Relationships.Distinct().ToList() };
    }

    public static bool IsArchiveName(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private sealed class Walk(ParseInput input, ArchiveEntries entries)
    {
        private bool _warnedDepth;

        public Dictionary<string, Package> Packages { get; } = new(StringComparer.Ordinal);
        public List<Relationship> Relationships { get; } = [];

        public void Archive(Stream content, string virtualPath, int depth, string sha1)
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var all = zip.Entries;
            if (all.Count > entries.Limits.MaxEntries)
            {
                input.Warn($"{virtualPath}: {all.Count} entries is over the {entries.Limits.MaxEntries}-entry bound; archive not read");
                return;
            }

            var unsafeNames = all.Where(e => ArchiveEntries.IsUnsafeName(e.FullName)).ToList();
            if (unsafeNames.Count > 0)
            {
                input.Warn($"{virtualPath}: {unsafeNames.Count} entry names escape the archive root (zip-slip, e.g. \"{unsafeNames[0].FullName}\"); ignored");
            }

            var safe = all.Except(unsafeNames).ToList();
            var main = ArchivePackages(safe, virtualPath, sha1);
            foreach (var nested in safe.Where(e => IsArchiveName(e.FullName)))
            {
                Nested(nested, virtualPath, depth, main);
            }
        }

        private void Nested(ZipArchiveEntry entry, string virtualPath, int depth, Package? parent)
        {
            var path = virtualPath + ":" + entry.FullName;
            if (depth + 1 > entries.Limits.MaxDepth)
            {
                if (!_warnedDepth)
                {
                    input.Warn($"{path}: archives nested deeper than {entries.Limits.MaxDepth} levels are not followed");
                    _warnedDepth = true;
                }

                return;
            }

            if (entries.Refusal(entry, entries.Limits.MaxNestedBytes) is { } why)
            {
                input.Warn($"{path}: nested archive not read: {why}");
                return;
            }

            try
            {
                var (content, sha1) = entries.Extract(entry);
                using (content)
                {
                    var before = Packages.Count;
                    Archive(content, path, depth + 1, sha1);
                    if (parent is not null)
                    {
                        foreach (var child in Packages.Values.Skip(before))
                        {
                            Relationships.Add(new Relationship(parent.Id, child.Id, RelationshipTypes.DependsOn));
                        }
                    }
                }
            }
            catch (InvalidDataException e)
            {
                input.Warn($"{path}: nested archive not read: {e.Message}");
            }
        }

        // The archive's own package plus the other poms it carries; returns the archive's own package.
        private Package? ArchivePackages(List<ZipArchiveEntry> all, string virtualPath, string sha1)
        {
            var fileName = virtualPath[(virtualPath.LastIndexOfAny([':', '/']) + 1)..];
            var (fileArtifact, fileVersion) = ArchiveName.Parse(fileName);
            var manifestEntry = all.FirstOrDefault(e => e.FullName.Equals("META-INF/MANIFEST.MF", StringComparison.OrdinalIgnoreCase));
            var manifest = manifestEntry is null ? new Dictionary<string, string>() : Read(manifestEntry, ManifestParser.Parse, virtualPath) ?? new Dictionary<string, string>();
            var poms = Poms(all, virtualPath);

            // The archive's own pom: named like the file (or the Jenkins Short-Name), or the only pom there is.
            var stem = Path.GetFileNameWithoutExtension(fileName);
            var own = poms.FirstOrDefault(p => p.Coordinates.ArtifactId == fileArtifact || p.Coordinates.ArtifactId == stem
                    || stem == p.Coordinates.ArtifactId + "-" + p.Coordinates.Version || p.Coordinates.ArtifactId == Jenkins(manifest, "Short-Name"))
                ?? (poms.Count == 1 ? poms[0] : null);
            var ownCoordinates = own?.Coordinates ?? FromManifest(manifest, stem, fileArtifact, fileVersion, poms);
            Package? main = null;
            if (ownCoordinates is not null)
            {
                var licenses = (own?.Licenses ?? []).Concat([manifest.GetValueOrDefault("Bundle-License"), manifest.GetValueOrDefault("Plugin-License-Name")]);
                main = Add(ownCoordinates, virtualPath, licenses, manifest.GetValueOrDefault("Implementation-Title")) with { Digests = [new Digest("sha1", sha1)] };
                Packages[main.Purl!] = main;
            }

            foreach (var pom in poms.Where(p => p != own))
            {
                var shaded = Add(pom.Coordinates, virtualPath, pom.Licenses, null);
                if (main is not null && shaded.Id != main.Id)
                {
                    Relationships.Add(new Relationship(main.Id, shaded.Id, RelationshipTypes.DependsOn));
                }
            }

            return main;
        }

        private Package Add(MavenCoordinates c, string virtualPath, IEnumerable<string?> licenses, string? title)
        {
            if (Packages.TryGetValue(c.Purl, out var existing))
            {
                return existing; // a war's copy of the same jar, or a plugin jar repeating its .hpi's pom
            }

            var package = LanguagePackages.Create(
                PackageTypes.Java, c.ArtifactId, c.Version, FoundBy, input.Location, c.Purl, c.Cpes,
                LanguagePackages.Licenses(licenses, "pom"),
                new Dictionary<string, string>
                {
                    ["groupId"] = c.GroupId ?? "",
                    ["artifactId"] = c.ArtifactId,
                    ["virtualPath"] = virtualPath,
                    ["title"] = title ?? "",
                },
                virtualPath + "|" + c.Purl);
            Packages[c.Purl] = package;
            return package;
        }

        private sealed record Pom(MavenCoordinates Coordinates, IReadOnlyList<string> Licenses);

        // Every META-INF/maven/<group>/<artifact>/ folder: pom.properties for coordinates, pom.xml for licenses
        // (and for coordinates when there is no pom.properties).
        private List<Pom> Poms(List<ZipArchiveEntry> all, string virtualPath)
        {
            var poms = new List<Pom>();
            var folders = all.Where(e => e.FullName.StartsWith("META-INF/maven/", StringComparison.OrdinalIgnoreCase)
                    && (e.Name == "pom.properties" || e.Name == "pom.xml"))
                .GroupBy(e => e.FullName[..^e.Name.Length]);
            foreach (var folder in folders)
            {
                var properties = folder.FirstOrDefault(e => e.Name == "pom.properties") is { } pe ? Read(pe, PomParser.ParseProperties, virtualPath) : null;
                var xml = folder.FirstOrDefault(e => e.Name == "pom.xml") is { } xe ? Read(xe, PomParser.ParseXml, virtualPath) : null;
                var coordinates = properties
                    ?? (xml is { ArtifactId: { } a, Version: { } v } ? new MavenCoordinates(xml.GroupId, a, v) : null);
                if (coordinates is not null)
                {
                    poms.Add(new Pom(coordinates with { GroupId = coordinates.GroupId ?? xml?.GroupId }, xml?.Licenses ?? []));
                }
                else if (xml is { ArtifactId: { } artifact })
                {
                    // A pom.xml whose version we cannot resolve still tells the group of the archive it describes.
                    poms.Add(new Pom(new MavenCoordinates(xml.GroupId, artifact, ""), xml.Licenses));
                }
            }

            var unversioned = poms.Where(p => p.Coordinates.Version.Length == 0).ToList();
            _groupHints = unversioned.ToDictionary(p => p.Coordinates.ArtifactId, p => p.Coordinates.GroupId, StringComparer.Ordinal);
            return poms.Except(unversioned).ToList();
        }

        private Dictionary<string, string?> _groupHints = [];

        /// <summary>Coordinates from the manifest and file name when no pom describes the archive itself.</summary>
        private MavenCoordinates? FromManifest(
            IReadOnlyDictionary<string, string> m, string stem, string fileArtifact, string? fileVersion, List<Pom> poms)
        {
            var version = Jenkins(m, "Plugin-Version") ?? m.GetValueOrDefault("Implementation-Version")
                ?? m.GetValueOrDefault("Specification-Version") ?? m.GetValueOrDefault("Bundle-Version") ?? fileVersion;
            if (string.IsNullOrWhiteSpace(version))
            {
                return null;
            }

            version = version.Split(' ')[0];

            // "spring-instrumentation-4.3.0-1.0.jar" with Implementation-Version 1.0 is "spring-instrumentation-4.3.0" 1.0.
            var name = Jenkins(m, "Short-Name")
                ?? (stem.EndsWith("-" + version, StringComparison.Ordinal) ? stem[..^(version.Length + 1)] : null)
                ?? (fileArtifact.Length > 0 ? fileArtifact : null)
                ?? m.GetValueOrDefault("Implementation-Title") ?? m.GetValueOrDefault("Bundle-SymbolicName");
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            var group = m.GetValueOrDefault("Group-Id") ?? _groupHints.GetValueOrDefault(name) ?? m.GetValueOrDefault("Implementation-Vendor-Id")
                ?? DottedPrefix(m.GetValueOrDefault("Bundle-SymbolicName")) ?? DottedPrefix(m.GetValueOrDefault("Implementation-Title"));

            // "com.fasterxml.jackson.core.jackson-core" file names carry the group; the artifact is the rest.
            if (group is not null && name.StartsWith(group + ".", StringComparison.Ordinal))
            {
                name = name[(group.Length + 1)..];
            }

            return poms.Any(p => p.Coordinates.ArtifactId == name && p.Coordinates.Version == version)
                ? null // the archive is exactly one of its poms, added as such
                : new MavenCoordinates(group ?? name, name, version);
        }

        // Leading Java-identifier segments: "com.newrelic.instrumentation.spring-4.3.0" → "com.newrelic.instrumentation",
        // "org.opensaml.core" → "org.opensaml"; plain titles ("Jackson-core") give nothing.
        private static string? DottedPrefix(string? id)
        {
            var text = id?.Split(';')[0].Trim();
            if (string.IsNullOrEmpty(text) || !text.Contains('.') || text.Contains(' '))
            {
                return null;
            }

            var segments = text.Split('.');
            var identifiers = segments.TakeWhile(s => s.Length > 0 && char.IsAsciiLetter(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')).Count();
            var take = identifiers == segments.Length ? identifiers - 1 : identifiers;
            return take >= 2 ? string.Join('.', segments[..take]) : null;
        }

        private static string? Jenkins(IReadOnlyDictionary<string, string> m, string key) =>
            m.GetValueOrDefault(key) is { Length: > 0 } v ? v.Split(' ')[0] : null;

        private T? Read<T>(ZipArchiveEntry entry, Func<Stream, T?> parse, string virtualPath)
            where T : class?
        {
            if (entries.Refusal(entry, entries.Limits.MaxMetadataBytes) is { } why)
            {
                input.Warn($"{virtualPath}:{entry.FullName}: not read: {why}");
                return null;
            }

            try
            {
                using var content = entries.ReadSmall(entry);
                return parse(content);
            }
            catch (Exception e) when (FileCataloger.IsBadInput(e))
            {
                input.Warn($"{virtualPath}:{entry.FullName}: could not parse it: {e.Message}");
                return null;
            }
        }
    }
}
