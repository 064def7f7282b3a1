using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Catalogers.Language.Common;

namespace Tollgate.Analysis.Catalogers.Language.Go;

/// <summary>A Go binary: the build info read from the ELF file, turned into module packages.</summary>
public static class GoBinaryParser
{
    public static CatalogResult Parse(ParseInput input)
    {
        using var seekable = SeekableContent.Open(input.Content);
        return BuildInfoReader.Read(seekable) is { } info ? ModuleInfoParser.ToPackages(info, input.Location) : CatalogResult.Empty;
    }
}
