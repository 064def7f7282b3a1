using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Images.Tests.Registry;

/// <summary>
/// A TCP proxy in front of a registry that drops the connection once, part-way through the first blob response,
/// and records whether the client came back with a Range request — to test resumable downloads for real.
/// </summary>
public sealed class FlakyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly long _cutAfter;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _cut;

    public FlakyProxy(string upstreamHost, int upstreamPort, long cutAfterBytes)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _cutAfter = cutAfterBytes;
        _listener.Start();
        _accept = Task.Run(AcceptLoop);
    }

    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public bool Cut => _cut == 1;

    public bool SawRangeRequest { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopping the listener ends the loop.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort);
            var clientStream = client.GetStream();
            var upstreamStream = upstream.GetStream();
            var blobRequested = false;
            var requests = Task.Run(async () =>
            {
                var buffer = new byte[16384];
                int n;
                while ((n = await clientStream.ReadAsync(buffer)) > 0)
                {
                    var text = Encoding.ASCII.GetString(buffer, 0, n);
                    if (text.Contains("/blobs/sha256:", StringComparison.Ordinal) && text.StartsWith("GET", StringComparison.Ordinal))
                    {
                        blobRequested = true;
                    }

                    if (text.Contains("\r\nRange: bytes=", StringComparison.OrdinalIgnoreCase))
                    {
                        SawRangeRequest = true;
                    }

                    await upstreamStream.WriteAsync(buffer.AsMemory(0, n));
                }
            });
            var responses = Task.Run(async () =>
            {
                var buffer = new byte[4096];
                long sinceBlob = 0;
                int n;
                while ((n = await upstreamStream.ReadAsync(buffer)) > 0)
                {
                    if (blobRequested && _cut == 0)
                    {
                        sinceBlob += n;
                        if (sinceBlob > _cutAfter && Interlocked.Exchange(ref _cut, 1) == 0)
                        {
                            client.Client.LingerState = new LingerOption(true, 0);
                            client.Close();
                            return;
                        }
                    }

                    await clientStream.WriteAsync(buffer.AsMemory(0, n));
                }
            });
            try
            {
                await Task.WhenAny(requests, responses);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // A side closed.
            }
        }
    }
}
