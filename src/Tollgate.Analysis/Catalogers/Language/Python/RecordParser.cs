using Tollgate.Analysis.Catalogers.Language.Common;
using Tollgate.Analysis.Model;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Language.Python;

/// <summary>
/// RECORD (dist-info) or installed-files.txt (egg-info): the files a distribution installed, relative to
/// site-packages, with "sha256=urlsafe-base64" digests and sizes. Malformed rows are skipped, not fatal.
/// </summary>
public static class RecordParser
{
    public sealed record Record(Location Location, IReadOnlyList<OwnedFile> Files);

    /// <summary>The RECORD beside a METADATA file, when the layer pass kept one.</summary>
    public static Record? Beside(ParseInput input)
    {
        var dir = PathUtil.Parent(input.Location.Path);
        var contents = input.Context?.Contents;
        var file = contents?.Find(dir + "/RECORD") ?? contents?.Find(dir + "/installed-files.txt");
        if (file is null)
        {
            return null;
        }

        using var stream = contents!.Open(file);
        var location = input.Location.At(file.Path);
        return new Record(location, Parse(stream, CoreMetadataParser.SitePackages(input.Location.Path), PathUtil.FileName(dir)));
    }

    public static IReadOnlyList<OwnedFile> Parse(Stream stream, string sitePackages, string infoDirName)
    {
        var files = new List<OwnedFile>();
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            if (cells[0].Trim().Length == 0)
            {
                continue;
            }

            // installed-files.txt paths are relative to the egg-info folder, RECORD paths to site-packages.
            var basis = infoDirName.EndsWith("egg-info", StringComparison.OrdinalIgnoreCase) && cells.Length == 1
                ? sitePackages + "/" + infoDirName
                : sitePackages;
            var file = new OwnedFile(PathUtil.Normalize(basis + "/" + cells[0].Trim()));
            if (cells.Length >= 2 && cells[1].Split('=', 2) is [var algorithm, var digest] && digest.Length > 0)
            {
                file = file with { Digest = new Digest(algorithm, digest) };
            }

            if (cells.Length >= 3 && long.TryParse(cells[2], out var size))
            {
                file = file with { Size = size };
            }

            files.Add(file);
        }

        return files;
    }
}
