using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Service.Notifications;
using Tollgate.Service.Notifications.Subscriptions;
using Tollgate.Service.Notifications.Webhooks;
using Tollgate.Service.Registries;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>
/// Webhook signing secrets and Authorization headers are credentials: shown once on creation, never again by the API,
/// stored only encrypted (the registry credentials' key), and rows stored in plain text by an older version are sealed
/// on start. Run on both engines; the raw rows (and for SQLite the database files themselves) are searched.
/// </summary>
public abstract class WebhookSecretsTests : EngineTests
{
    private const string Secret = "webhook-signing-secret-5f1d0c";
    private const string Authorization = "Basic amlyYS11c2VyOnMzY3IzdC10b2tlbg==";

    [Fact]
    public async Task SecretIsReturnedOnceStoredEncryptedAndStillSignsDeliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await NotifyApi.StartAsync(Spec, ["127.0.0.1"]);
        var (created, body) = await host.CallAsync(HttpMethod.Post, "/v1/webhooks", new { url = receiver.Url + "/hook", secret = Secret, authorization = Authorization });
        Assert.Equal(201, created);
        Assert.Equal(Secret, (string?)body!["secret"]);
        var id = (string)body["webhook"]!["id"]!;

        foreach (var path in new[] { "/v1/webhooks", $"/v1/webhooks/{id}" })
        {
            var (status, listed) = await host.CallAsync(HttpMethod.Get, path);
            Assert.Equal(200, status);
            Assert.DoesNotContain(Secret, listed!.ToJsonString());
            Assert.DoesNotContain("s3cr3t", listed.ToJsonString());
        }

        AssertNothingInPlainText(host.Service<StoreDatabase>());

        // Delivery decrypts: the receiver checks the signature with the secret it was given, and gets the header.
        Assert.Equal(201, (await host.CallAsync(HttpMethod.Post, "/v1/subscriptions", new { type = NotificationTypes.PolicyEval, key = SubscriptionStore.AllImages })).Status);
        var notification = Notification.Create(NotificationTypes.PolicyEval, "warn", "img1", "verdict changed", new JsonObject());
        host.Service<StoreDatabase>().Write(tx => Notifier.Publish(tx, notification, ["img1"]));
        var request = Assert.Single(await receiver.WaitForAsync(1));
        Assert.True(WebhookSignature.Verify(Secret, request.Headers[WebhookSignature.SignatureHeader], request.Headers[WebhookSignature.TimestampHeader],
            notification.Id, request.Body, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        Assert.Equal(Authorization, request.Headers["Authorization"]);
    }

    [Fact]
    public async Task PlainTextRowsOfAnOlderVersionAreSealedOnStart()
    {
        // The store as the previous version left it: webhooks at schema version 1, the secret in plain text.
        using (var old = StoreDatabase.Open(Spec, [new StoreSchema(WebhookStore.Schema.Area, [WebhookStore.Schema.Migrations[0]])]))
        {
            old.Write(tx => tx.Execute("""
                INSERT INTO webhooks(id, url, format, types, secret, authorization_header, created_at)
                VALUES ('wh_old', 'http://127.0.0.1:9/hook', 'generic', '', @s, @a, 0)
                """, ("s", Secret), ("a", Authorization)));
        }

        await using var host = await NotifyApi.StartAsync(Spec, ["127.0.0.1"]);
        var database = host.Service<StoreDatabase>();
        AssertNothingInPlainText(database);
        var webhook = host.Service<WebhookStore>().Get("wh_old")!;
        Assert.Equal((Secret, Authorization), (webhook.Secret, webhook.Authorization));
        Assert.Equal(0, host.Service<WebhookStore>().SealPlaintextSecrets()); // already sealed: nothing left to do
        Assert.DoesNotContain(Secret, (await host.CallAsync(HttpMethod.Get, "/v1/webhooks/wh_old")).Body!.ToJsonString());
    }

    [Fact]
    public void ASealedSecretMovedToAnotherEndpointDoesNotDecrypt()
    {
        using var database = StoreDatabase.Open(Spec);
        var store = new WebhookStore(database, new SecretBox(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        store.Add(new Webhook("wh_a", "http://127.0.0.1:9/a", WebhookFormats.Generic, [], Secret, null, null, null, DateTimeOffset.UtcNow));
        store.Add(new Webhook("wh_b", "http://127.0.0.1:9/b", WebhookFormats.Generic, [], "another-secret-of-sixteen", null, null, null, DateTimeOffset.UtcNow));
        database.Write(tx => tx.Execute("UPDATE webhooks SET secret = (SELECT secret FROM webhooks WHERE id = 'wh_a') WHERE id = 'wh_b'"));
        Assert.Equal(Secret, store.Get("wh_a")!.Secret);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => store.Get("wh_b"));
    }

    [Fact]
    public async Task AProcessWithAnotherSecretKeyDeadLettersTheDeliveryWithTheReason()
    {
        string KeyFile(string name)
        {
            var path = Path.Combine(Dir, name);
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            return path;
        }

        using (var api = new NotifyHarness(Spec, Dir, o => o with { SecretKeyFile = KeyFile("api.key") }))
        {
            api.Get<WebhookStore>().Add(new Webhook("wh_1", "http://127.0.0.1:9/hook", WebhookFormats.Generic, [], Secret, null, null, null, DateTimeOffset.UtcNow));
            api.Get<SubscriptionStore>().Add(NotificationTypes.PolicyEval, SubscriptionStore.AllImages);
        }

        using var worker = new NotifyHarness(Spec, Dir, o => o with { SecretKeyFile = KeyFile("worker.key") });
        worker.Get<StoreDatabase>().Write(tx => Notifier.Publish(tx, Notification.Create(NotificationTypes.PolicyEval, "warn", "img1", "x", new JsonObject()), ["img1"]));
        for (var i = 0; i < 50 && worker.Get<WebhookStore>().DeadLetters().Count == 0; i++)
        {
            await worker.RunJobsAsync();
            await Task.Delay(50);
        }

        Assert.Contains("does not decrypt with this process's secret key", Assert.Single(worker.Get<WebhookStore>().DeadLetters()).LastError);

        // Listing and viewing never decrypt, so that process can still show the endpoint (without its secrets).
        Assert.Equal("wh_1", Assert.Single(worker.Get<WebhookStore>().Views()).Id);
        Assert.Equal("http://127.0.0.1:9/hook", worker.Get<WebhookStore>().View("wh_1")?.Url);
    }

    /// <summary>Neither credential in any webhooks row, nor (SQLite) anywhere in the database files.</summary>
    private void AssertNothingInPlainText(StoreDatabase database)
    {
        var rows = database.Read(tx => tx.Query("SELECT secret, authorization_header, sealed FROM webhooks", r => (Secret: r.GetString(0), Authorization: r.NullableString(1), Sealed: r.Int(2))));
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.Equal(1, row.Sealed);
            Assert.DoesNotContain(Secret, row.Secret);
            Assert.DoesNotContain("amlyYS11c2Vy", row.Authorization ?? string.Empty);
        }

        if (Spec.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var file = Spec["sqlite:".Length..];
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                using var copy = new MemoryStream();
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    stream.CopyTo(copy);
                }

                var bytes = copy.ToArray();
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) < 0, $"{path} holds the secret in plain text");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Authorization)) < 0, $"{path} holds the Authorization header in plain text");
            }
        }
    }
}

public sealed class SqliteWebhookSecretsTests : WebhookSecretsTests
{
    protected override Task<string> CreateStoreAsync() => SqliteAsync();
}

public sealed class PostgresWebhookSecretsTests : WebhookSecretsTests
{
    protected override Task<string> CreateStoreAsync() => PostgresAsync();
}
