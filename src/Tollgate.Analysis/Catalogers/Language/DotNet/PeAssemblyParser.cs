using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;

namespace Tollgate.Analysis.Catalogers.Language.DotNet;

/// <summary>
/// A managed PE file (.dll/.exe with CLI metadata): assembly name and version from the assembly definition, file and
/// informational versions from its AssemblyFileVersion/AssemblyInformationalVersion attributes. Native PE files and
/// files with broken headers give nothing.
/// </summary>
public static class PeAssemblyParser
{
    public const string FoundBy = "dotnet-pe";

    public static CatalogResult Parse(ParseInput input)
    {
        using var seekable = SeekableContent.Open(input.Content);
        using var pe = new PEReader(seekable, PEStreamOptions.LeaveOpen);
        if (!pe.HasMetadata)
        {
            return CatalogResult.Empty;
        }

        var md = pe.GetMetadataReader();
        if (!md.IsAssembly)
        {
            return CatalogResult.Empty;
        }

        var assembly = md.GetAssemblyDefinition();
        var name = md.GetString(assembly.Name);
        var attributes = Attributes(md, assembly);
        var informational = attributes.GetValueOrDefault("AssemblyInformationalVersionAttribute")?.Split('+')[0];
        var fileVersion = attributes.GetValueOrDefault("AssemblyFileVersionAttribute");
        var assemblyVersion = assembly.Version.ToString();

        // The informational version is the one packages publish ("12.0.1"); file and assembly versions are fallbacks.
        var version = !string.IsNullOrWhiteSpace(informational) && char.IsAsciiDigit(informational[0]) ? informational : fileVersion ?? assemblyVersion;
        var package = DotNetIdentity.Create(name, version, FoundBy, input.Location, new Dictionary<string, string>
        {
            ["assemblyVersion"] = assemblyVersion,
            ["fileVersion"] = fileVersion ?? "",
            ["informationalVersion"] = attributes.GetValueOrDefault("AssemblyInformationalVersionAttribute") ?? "",
            ["company"] = attributes.GetValueOrDefault("AssemblyCompanyAttribute") ?? "",
            ["product"] = attributes.GetValueOrDefault("AssemblyProductAttribute") ?? "",
        });
        return new CatalogResult { Packages = [package] };
    }

    private static readonly HashSet<string> StringAttributes =
    [
        "AssemblyInformationalVersionAttribute", "AssemblyFileVersionAttribute", "AssemblyCompanyAttribute", "AssemblyProductAttribute",
    ];

    // Assembly-level attributes whose constructor takes one string: the blob is prolog 0x0001 then a SerString.
    private static Dictionary<string, string> Attributes(MetadataReader md, AssemblyDefinition assembly)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in assembly.GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = md.GetString(md.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name);
            if (!StringAttributes.Contains(type))
            {
                continue;
            }

            var blob = md.GetBlobReader(attribute.Value);
            if (blob.Length > 2 && blob.ReadUInt16() == 1 && blob.ReadSerializedString() is { } text)
            {
                values.TryAdd(type, text);
            }
        }

        return values;
    }
}
