using Tollgate.Service.Registries;
using Tollgate.Service.Store;

namespace Tollgate.Service.Notifications.Webhooks;

/// <summary>
/// Webhook endpoints, and the dead-letter list of deliveries that ran out of attempts. The signing secret and the
/// Authorization header are credentials: stored only encrypted with the key that seals registry passwords
/// (<see cref="SecretBox"/>, each bound to its endpoint and field), decrypted only for a delivery.
/// </summary>
public sealed class WebhookStore(StoreDatabase database, SecretBox secrets)
{
    public const string DeliverJob = "deliver";

    public static StoreSchema Schema { get; } = new("webhooks",
    [
        """
        CREATE TABLE webhooks(id TEXT PRIMARY KEY, url TEXT NOT NULL, format TEXT NOT NULL, types TEXT NOT NULL, secret TEXT NOT NULL,
            authorization_header TEXT, jira_project TEXT, jira_issue_type TEXT, created_at BIGINT NOT NULL);
        CREATE TABLE dead_letters(id {id}, webhook_id TEXT NOT NULL, notification_id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
            attempts INTEGER NOT NULL, last_error TEXT, at BIGINT NOT NULL)
        """,
        // Rows written before secrets were sealed keep sealed = 0 until SealPlaintextSecrets encrypts them on start.
        "ALTER TABLE webhooks ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0",
    ]);

    private const string Columns = "id, url, format, types, secret, authorization_header, jira_project, jira_issue_type, created_at, sealed";

    public Webhook Add(Webhook webhook)
    {
        database.Write(tx => tx.Execute(
            $"INSERT INTO webhooks({Columns}) VALUES (@id, @url, @f, @types, @secret, @auth, @jp, @jt, @at, 1)",
            ("id", webhook.Id), ("url", webhook.Url), ("f", webhook.Format), ("types", string.Join(",", webhook.Types)), ("secret", SealSecret(webhook.Id, webhook.Secret)),
            ("auth", SealAuthorization(webhook.Id, webhook.Authorization)), ("jp", webhook.JiraProject), ("jt", webhook.JiraIssueType), ("at", webhook.CreatedAt)));
        return webhook;
    }

    /// <summary>
    /// Encrypts the secrets of rows stored in plain text (by a version before sealing), then rewrites the table so the
    /// old values are not left in freed pages; returns how many rows were sealed.
    /// </summary>
    public int SealPlaintextSecrets()
    {
        var sealedRows = SealRows();
        if (sealedRows > 0)
        {
            database.Rewrite("webhooks");
        }

        return sealedRows;
    }

    private int SealRows() => database.Write(tx =>
    {
        var plain = tx.Query("SELECT id, secret, authorization_header FROM webhooks WHERE sealed = 0",
            r => (Id: r.GetString(0), Secret: r.GetString(1), Authorization: r.NullableString(2)));
        foreach (var row in plain)
        {
            tx.Execute("UPDATE webhooks SET secret = @s, authorization_header = @a, sealed = 1 WHERE id = @id AND sealed = 0",
                ("s", SealSecret(row.Id, row.Secret)), ("a", SealAuthorization(row.Id, row.Authorization)), ("id", row.Id));
        }

        return plain.Count;
    });

    /// <summary>The endpoints as the API shows them: nothing is decrypted (a view never holds a secret).</summary>
    public IReadOnlyList<WebhookView> Views() => database.Read(tx => tx.Query($"SELECT {Columns} FROM webhooks ORDER BY created_at", MapView));

    public WebhookView? View(string id) => database.Read(tx => tx.QueryFirst($"SELECT {Columns} FROM webhooks WHERE id = @id", MapView, ("id", id)));

    /// <summary>The endpoint with its secrets decrypted, for a delivery; throws when they were sealed with another key.</summary>

    public Webhook? Get(string id) => database.Read(tx => tx.QueryFirst($"SELECT {Columns} FROM webhooks WHERE id = @id", Map, ("id", id)));

    public bool Delete(string id) => database.Write(tx =>
    {
        JobQueue.DeleteFor(tx, DeliverJob, id);
        return tx.Execute("DELETE FROM webhooks WHERE id = @id", ("id", id)) > 0;
    });

    /// <summary>Ids of the endpoints that take notifications of <paramref name="type"/>.</summary>
    public static IReadOnlyList<string> For(StoreTransaction tx, string type) =>
        tx.Query("SELECT id, types FROM webhooks ORDER BY created_at", r => (Id: r.GetString(0), Types: r.GetString(1)))
            .Where(w => w.Types.Length == 0 || w.Types.Split(',').Contains(type, StringComparer.Ordinal))
            .Select(w => w.Id)
            .ToList();

    public static void AddDeadLetter(StoreTransaction tx, string webhookId, Notification notification, string payload, int attempts, string? error) =>
        tx.Execute("INSERT INTO dead_letters(webhook_id, notification_id, type, payload, attempts, last_error, at) VALUES (@w, @n, @t, @p, @a, @e, @at)",
            ("w", webhookId), ("n", notification.Id), ("t", notification.Type), ("p", payload), ("a", attempts), ("e", error), ("at", DateTimeOffset.UtcNow));

    public IReadOnlyList<DeadLetter> DeadLetters() => database.Read(tx => tx.Query(
        "SELECT id, webhook_id, notification_id, type, attempts, last_error, at FROM dead_letters ORDER BY id",
        r => new DeadLetter(r.Long(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Int(4), r.NullableString(5), r.Time(6))));

    /// <summary>Queues a dead letter for delivery again (a fresh set of attempts) and removes it from the list; false if unknown.</summary>
    public bool Replay(long deadLetterId) => database.Write(tx =>
    {
        var letter = tx.QueryFirst("SELECT webhook_id, payload FROM dead_letters WHERE id = @id", r => new { Webhook = r.GetString(0), Payload = r.GetString(1) }, ("id", deadLetterId));
        if (letter is null)
        {
            return false;
        }

        JobQueue.Enqueue(tx, DeliverJob, letter.Webhook, letter.Payload);
        tx.Execute("DELETE FROM dead_letters WHERE id = @id", ("id", deadLetterId));
        return true;
    });

    private Webhook Map(System.Data.Common.DbDataReader r)
    {
        var (id, isSealed) = (r.GetString(0), r.Int(9) != 0);
        var secret = isSealed ? secrets.Decrypt(r.GetString(4), SecretField(id)) : r.GetString(4);
        var authorization = isSealed && r.NullableString(5) is { } sealedAuthorization ? secrets.Decrypt(sealedAuthorization, AuthorizationField(id)) : r.NullableString(5);
        return new(id, r.GetString(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries), secret,
            authorization, r.NullableString(6), r.NullableString(7), r.Time(8));
    }

    private static WebhookView MapView(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
        r.NullableString(6), r.NullableString(7), !r.IsDBNull(5), r.Time(8));

    private string SealSecret(string id, string secret) => secrets.Encrypt(secret, SecretField(id));

    private string? SealAuthorization(string id, string? authorization) => authorization is null ? null : secrets.Encrypt(authorization, AuthorizationField(id));

    // Bound to endpoint and field: a ciphertext copied to another row, or from one field to the other, does not decrypt.
    private static string SecretField(string id) => $"webhook:{id}:secret";

    private static string AuthorizationField(string id) => $"webhook:{id}:authorization";
}
