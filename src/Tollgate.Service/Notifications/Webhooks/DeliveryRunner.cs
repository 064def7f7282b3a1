using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Service.Scheduling;
using Tollgate.Service.Security;
using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications.Webhooks;

/// <summary>
/// A "deliver" job: POSTs one notification to one webhook endpoint in the endpoint's format, signed, through the
/// outbound policy. A failure (network error, non-2xx, refused address) hands the job back with exponential backoff;
/// after <see cref="NotificationOptions.MaxAttempts"/> attempts it goes to the dead-letter list for replay.
/// </summary>
public sealed class DeliveryRunner : IJobHandler, IDisposable
{
    private readonly StoreDatabase _database;
    private readonly WebhookStore _webhooks;
    private readonly JobQueue _queue;
    private readonly NotificationOptions _options;
    private readonly HttpClient _http;

    public DeliveryRunner(StoreDatabase database, WebhookStore webhooks, JobQueue queue, ServiceOptions options, OutboundPolicy outbound)
    {
        (_database, _webhooks, _queue, _options) = (database, webhooks, queue, options.Notifications);
        _http = new HttpClient(outbound.CreateHandler()) { Timeout = _options.DeliveryTimeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("tollgate-webhook/0.1");
    }

    public string Kind => WebhookStore.DeliverJob;

    public async Task RunAsync(JobLease job, CancellationToken cancellationToken)
    {
        var (webhook, error) = Read(job.Subject);
        if (webhook is null && error is null)
        {
            _database.Write(tx => JobQueue.Finish(tx, job)); // endpoint deleted since: nothing to deliver to
            return;
        }

        var payload = job.Payload ?? "{}";
        var notification = Notification.FromJson(JsonNode.Parse(payload)!.AsObject());
        error ??= await SendAsync(webhook!, notification, cancellationToken);
        if (error is null)
        {
            _database.Write(tx => JobQueue.Finish(tx, job));
        }
        else if (job.Attempts >= _options.MaxAttempts)
        {
            _database.Write(tx =>
            {
                if (JobQueue.Finish(tx, job))
                {
                    WebhookStore.AddDeadLetter(tx, job.Subject, notification, payload, job.Attempts, error);
                    EventLog.Add(tx, "delivery", "error", $"{notification.Type} {notification.Id} to webhook {job.Subject} dead-lettered after {job.Attempts} attempts: {error}", job.Subject);
                }
            });
        }
        else
        {
            _queue.Release(job, DateTimeOffset.UtcNow + Backoff(job.Attempts), error);
        }
    }

    /// <summary>First backoff doubled per failed attempt, capped, with up to 10% jitter so retries of many deliveries spread out.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var delay = _options.FirstBackoff * Math.Pow(2, Math.Min(attempts - 1, 30));
        delay = delay > _options.MaxBackoff ? _options.MaxBackoff : delay;
        return delay + (delay * (Random.Shared.NextDouble() * 0.1));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The endpoint (null: deleted), or why it cannot be used: its secrets were sealed with another key.</summary>
    private (Webhook? Webhook, string? Error) Read(string id)
    {
        try
        {
            return (_webhooks.Get(id), null);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (null, $"webhook {id}: its secret does not decrypt with this process's secret key (every process of one store needs the same --secret-key-file or TOLLGATE_SECRET_KEY)");
        }
    }

    /// <summary>Sends once; the error to record, or null on a 2xx answer.</summary>
    private async Task<string?> SendAsync(Webhook webhook, Notification notification, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(WebhookBodies.Render(webhook, notification).ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, notification.Id, body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventIdHeader, notification.Id);
        request.Headers.Add(WebhookSignature.EventTypeHeader, notification.Type);
        if (webhook.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", webhook.Authorization);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_options.DeliveryTimeout.TotalSeconds:0} s";
        }
    }
}
