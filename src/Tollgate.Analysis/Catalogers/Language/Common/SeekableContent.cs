namespace Tollgate.Analysis.Catalogers.Language.Common;

/// <summary>
/// Zip and ELF readers need to seek; a content store stream may not. A seekable stream is wrapped (left open for its
/// owner), any other is spilled to a delete-on-close temp file, never held in memory whole.
/// </summary>
public static class SeekableContent
{
    public static Stream Open(Stream content)
    {
        if (content.CanSeek)
        {
            content.Position = 0;
            return new NonClosingStream(content);
        }

        var spill = TempFile();
        content.CopyTo(spill);
        spill.Position = 0;
        return spill;
    }

    public static FileStream TempFile() =>
        new(Path.Combine(Path.GetTempPath(), "tollgate-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
}
