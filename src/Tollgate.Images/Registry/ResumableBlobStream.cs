using System.Net;
using Tollgate.Images.Layers;

namespace Tollgate.Images.Registry;

/// <summary>
/// A blob download that survives dropped connections: when reading fails mid-way it asks again with
/// "Range: bytes=N-" and carries on (skipping ahead itself if the server ignores Range and answers 200).
/// </summary>
public sealed class ResumableBlobStream(HttpResponseMessage first, Func<long, CancellationToken, Task<HttpResponseMessage>> reopen, int maxResumes) : ForwardOnlyStream
{
    private HttpResponseMessage _response = first;
    private Stream? _body;
    private long _position;
    private int _resumes;

    /// <summary>How often the download was resumed (tests use it).</summary>
    public int Resumes => _resumes;

    public override long Position => _position;

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            try
            {
                _body ??= _response.Content.ReadAsStream();
                var n = _body.Read(buffer);
                _position += n;
                return n;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && _resumes < maxResumes)
            {
                Resume(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                _body ??= await _response.Content.ReadAsStreamAsync(cancellationToken);
                var n = await _body.ReadAsync(buffer, cancellationToken);
                _position += n;
                return n;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && _resumes < maxResumes)
            {
                await Resume(cancellationToken);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body?.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task Resume(CancellationToken cancellationToken)
    {
        _resumes++;
        _body?.Dispose();
        _response.Dispose();
        _body = null;
        await Task.Delay(TimeSpan.FromMilliseconds(200 * _resumes), cancellationToken);
        _response = await reopen(_position, cancellationToken);
        if (_position > 0 && _response.StatusCode != HttpStatusCode.PartialContent)
        {
            // Range ignored: the body starts at 0 again; skip what we already have.
            _body = await _response.Content.ReadAsStreamAsync(cancellationToken);
            var skip = _position;
            var scratch = new byte[81920];
            while (skip > 0)
            {
                var n = await _body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), cancellationToken);
                if (n == 0)
                {
                    throw new IOException("blob ended before the resume point");
                }

                skip -= n;
            }
        }
    }
}
