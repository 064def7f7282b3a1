using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>One request the receiver got: path, headers and the raw body bytes (signatures are over the bytes).</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel) that records every POST and answers with <see cref="Status"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The answer to the next request (change it to make deliveries fail or succeed).</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>How long the receiver holds each request after recording it, before answering (a slow endpoint).</summary>
    public TimeSpan Delay { get; set; }

    public string Url => _app.Urls.First();

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Enqueue(new ReceivedRequest(context.Request.Path, headers, body.ToArray(), DateTimeOffset.UtcNow));
            try
            {
                await Task.Delay(receiver.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the sender gave up
            }

            context.Response.StatusCode = receiver.Status;
        });
        app.MapGet("/redirect", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests arrived (background workers deliver asynchronously).</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, Func<ReceivedRequest, bool>? which = null, int seconds = 60)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            var matching = Received.Where(which ?? (_ => true)).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"webhook receiver: {Received.Count(which ?? (_ => true))} of {count} expected requests after {seconds} s");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
