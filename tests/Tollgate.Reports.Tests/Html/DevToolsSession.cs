using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Reports.Tests.Html;

/// <summary>
/// A minimal Chrome DevTools Protocol client over System.Net.WebSockets: one page target attached in flat mode,
/// commands awaited by id, every event kept for the test to inspect.
/// </summary>
public sealed class DevToolsSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _timeout;
    private readonly List<JsonObject> _events = [];
    private readonly List<(string Method, TaskCompletionSource<JsonObject> Seen)> _waiters = [];
    private Task _reader = Task.CompletedTask;
    private int _nextId;
    private string? _sessionId;

    private DevToolsSession(TimeSpan timeout) => _timeout = timeout;

    /// <summary>Events of the page session so far (method and params).</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>Connects to the browser and attaches to a new blank page.</summary>
    public static async Task<DevToolsSession> OpenPageAsync(Uri browserSocket, TimeSpan timeout)
    {
        var session = new DevToolsSession(timeout);
        session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using (var connect = new CancellationTokenSource(timeout))
        {
            await session._socket.ConnectAsync(browserSocket, connect.Token);
        }

        session._reader = Task.Run(session.ReadLoopAsync);
        var target = await session.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        var attached = await session.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
        session._sessionId = attached["sessionId"]!.GetValue<string>();
        return session;
    }

    /// <summary>Sends a command to the page (or the browser) and returns its result; a protocol error throws.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel && _sessionId is not null)
        {
            message["sessionId"] = _sessionId;
        }

        using (var send = new CancellationTokenSource(_timeout))
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, send.Token);
        }

        var response = await reply.Task.WaitAsync(_timeout);
        if (response["error"] is JsonObject error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }

        return response["result"] as JsonObject ?? [];
    }

    /// <summary>Starts waiting for an event before the command that causes it, so it cannot be missed.</summary>
    public Task<JsonObject> WaitForEventAsync(string method)
    {
        var seen = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_events)
        {
            _waiters.Add((method, seen));
        }

        return seen.Task.WaitAsync(_timeout);
    }

    /// <summary>Runtime.evaluate returning the value by value (JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is JsonObject thrown)
        {
            throw new InvalidOperationException($"evaluating {expression}: {thrown.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The browser is killed next anyway.
        }

        _socket.Dispose();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var chunk = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (chunk.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, chunk.Count);
                if (!chunk.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Closed under us: pending commands fail below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("DevTools connection closed"));
        }
    }

    private void Dispatch(JsonObject message)
    {
        if (message["id"] is JsonValue id && _pending.TryRemove(id.GetValue<int>(), out var reply))
        {
            reply.TrySetResult(message);
            return;
        }

        if (message["method"] is not JsonValue method)
        {
            return;
        }

        var name = method.GetValue<string>();
        lock (_events)
        {
            _events.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Method == name).ToList())
            {
                waiter.Seen.TrySetResult(message);
                _waiters.Remove(waiter);
            }
        }
    }
}
