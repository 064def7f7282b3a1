using System.Collections.Concurrent;
using Tollgate.Images.FileTree;

namespace Tollgate.Images.Content;

/// <summary>
/// Decides, for each regular file met in the layer pass, whether any <see cref="ContentRequest"/> wants it:
/// path filters first (no I/O), the header sniff only when a request has one, then the size bound.
/// </summary>
public sealed class ContentCollector(IReadOnlyList<ContentRequest> requests, ContentStore store)
{
    private const int StackSniffLimit = 1024;

    private readonly ConcurrentQueue<string> _warnings = new();

    public bool IsEmpty => requests.Count == 0;

    public IEnumerable<string> Warnings => _warnings;

    /// <summary>Offers a regular file; reads from <paramref name="data"/> only if some request wants the file.</summary>
    public void Offer(FileEntry entry, Stream data)
    {
        List<ContentRequest>? byPath = null;
        var sniffBytes = 0;
        foreach (var request in requests)
        {
            if (request.WantsPath(entry))
            {
                (byPath ??= []).Add(request);
                if (request.Sniff is not null)
                {
                    sniffBytes = Math.Max(sniffBytes, request.SniffBytes);
                }
            }
        }

        if (byPath is null)
        {
            return;
        }

        var headLength = (int)Math.Min(sniffBytes, entry.Size);
        var head = headLength <= StackSniffLimit ? stackalloc byte[headLength] : new byte[headLength];
        data.ReadExactly(head);
        var matched = new List<string>(byPath.Count);
        var tooLarge = new List<ContentRequest>();
        var wantsWhole = false;
        var headerBytes = 0L;
        foreach (var request in byPath)
        {
            if (request.Sniff is not null && !request.Sniff(head))
            {
                continue;
            }

            // Header-only requests (ELF kind, magic checks) keep the first N bytes whatever the file's size.
            if (request.KeepHeaderBytes is { } keep)
            {
                headerBytes = Math.Max(headerBytes, keep);
                matched.Add(request.Name);
                continue;
            }

            if (entry.Size > request.MaxBytes)
            {
                tooLarge.Add(request);
                continue;
            }

            matched.Add(request.Name);
            wantsWhole = true;
        }

        foreach (var request in tooLarge)
        {
            _warnings.Enqueue($"{entry.Path} (layer {entry.Layer}): {entry.Size} bytes is over {request.Name}'s bound of {request.MaxBytes} bytes; content not kept");
        }

        if (matched.Count == 0)
        {
            return;
        }

        var length = wantsWhole ? entry.Size : Math.Min(entry.Size, headerBytes);
        var fromHead = (int)Math.Min(headLength, length);
        var file = new CollectedFile { Path = entry.Path, Layer = entry.Layer, Size = entry.Size, RequestedBy = matched };
        if (length > ContentStore.StreamedAboveBytes)
        {
            store.AddStreamed(file, head[..fromHead], data, length);
            return;
        }

        var content = new byte[length];
        head[..fromHead].CopyTo(content);
        data.ReadExactly(content.AsSpan(fromHead));
        store.Add(file, content);
    }
}
