using System.Security.Cryptography;
using System.Text;
using Tollgate.Service.Store;

namespace Tollgate.Service.Security;

/// <summary>
/// API keys created through /v1/keys. A key is 256 random bits, so a plain SHA-256 of it is as good as a slow hash
/// (nothing to brute-force) and cheap enough for every request; only the hash is stored. Revoked keys stay listed
/// (who revoked, when) and their names are never reused, so the audit log stays unambiguous.
/// </summary>
public sealed class ApiKeyStore(StoreDatabase database)
{
    /// <summary>Server-generated keys start with this, so they are told apart from the operator's admin key at a glance.</summary>
    public const string KeyPrefix = "tgk_";

    public static StoreSchema Schema { get; } = new("api_keys",
    [
        """
        CREATE TABLE api_keys(name TEXT PRIMARY KEY, role TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL, revoked_at BIGINT, revoked_by TEXT)
        """,
    ]);

    private const string Columns = "name, role, created_by, created_at, revoked_at, revoked_by";

    /// <summary>Creates a key inside the caller's transaction; the returned secret is shown once and never stored.</summary>
    public static ApiKeyCreated Create(StoreTransaction tx, string name, ServiceRole role, string createdBy)
    {
        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        tx.Execute("INSERT INTO api_keys(name, role, key_hash, created_by, created_at) VALUES (@n, @r, @h, @by, @at)",
            ("n", name), ("r", role.Name()), ("h", Hash(key)), ("by", createdBy), ("at", now));
        return new ApiKeyCreated(name, role.Name(), key, createdBy, now);
    }

    public static bool Exists(StoreTransaction tx, string name) =>
        tx.ScalarLong("SELECT COUNT(*) FROM api_keys WHERE name = @n", ("n", name)) > 0;

    /// <summary>Revokes an active key inside the caller's transaction; false when there is no such active key.</summary>
    public static bool Revoke(StoreTransaction tx, string name, string revokedBy) =>
        tx.Execute("UPDATE api_keys SET revoked_at = @at, revoked_by = @by WHERE name = @n AND revoked_at IS NULL",
            ("at", DateTimeOffset.UtcNow), ("by", revokedBy), ("n", name)) > 0;

    public IReadOnlyList<ApiKeyRecord> List() => database.Read(tx => tx.Query($"SELECT {Columns} FROM api_keys ORDER BY created_at, name", Map));

    /// <summary>The active key whose secret hashes to <paramref name="keyHash"/> (see <see cref="Hash"/>), or null.</summary>
    public ApiKeyRecord? FindActive(string keyHash) => database.Read(tx =>
        tx.QueryFirst($"SELECT {Columns} FROM api_keys WHERE key_hash = @h AND revoked_at IS NULL", Map, ("h", keyHash)));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static ApiKeyRecord Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.Time(3), r.NullableTime(4), r.NullableString(5));
}

/// <summary>A key as listed: never its secret.</summary>
public sealed record ApiKeyRecord(string Name, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>The answer to creating a key: the only time its secret <paramref name="Key"/> is shown.</summary>
public sealed record ApiKeyCreated(string Name, string Role, string Key, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Body of POST /v1/keys.</summary>
public sealed record CreateApiKeyRequest(string? Name, string? Role);
