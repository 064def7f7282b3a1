using System.Formats.Tar;
using System.IO.Pipelines;
using Tollgate.Images.Model;

namespace Tollgate.Images.Sources;

/// <summary>
/// A root filesystem directory (dir:) read as one layer: a background TarWriter turns the tree into a tar stream
/// (owner, mode, device numbers and link targets from lstat; symlinks are never followed) that the ordinary layer
/// pipeline reads, so every source goes through the same tar walk.
/// </summary>
public sealed class RootfsDirSource(string name, string root) : IImageSource
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _writer;

    public string Name { get; } = name;

    public Task<ResolvedImage> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            throw new ImageException(Name, $"no such directory {root}");
        }

        return Task.FromResult(new ResolvedImage
        {
            Layers = [new OciDescriptor { MediaType = MediaTypes.OciLayer, Digest = "", Size = -1 }],
        });
    }

    public Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        _writer = Task.Run(() => WriteTar(pipe.Writer), CancellationToken.None);
        return Task.FromResult(pipe.Reader.AsStream());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_writer is not null)
        {
            await _writer;
        }

        _stop.Dispose();
    }

    private void WriteTar(PipeWriter pipe)
    {
        Exception? failure = null;
        try
        {
            using var stream = pipe.AsStream(leaveOpen: true);
            using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
            WriteChildren(tar, root, ".");
        }
        catch (OperationCanceledException)
        {
            // The reader went away (an error on its side); stop walking.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            failure = new IOException($"cannot read {root}: {e.Message}", e);
        }

        pipe.Complete(failure);
    }

    // Sorted walk; directories are descended only when they are real directories, never through symlinks.
    private void WriteChildren(TarWriter tar, string dir, string entryDir)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            _stop.Token.ThrowIfCancellationRequested();
            var info = new FileInfo(path);
            var entryName = entryDir + "/" + info.Name;
            var isRealDir = info.Attributes.HasFlag(FileAttributes.Directory) && info.LinkTarget is null;
            tar.WriteEntry(path, isRealDir ? entryName + "/" : entryName);
            if (isRealDir)
            {
                WriteChildren(tar, path, entryName);
            }
        }
    }
}
