using System.Collections.Concurrent;

namespace Tollgate.Service.Security;

/// <summary>Who a presented key belongs to: its name (for the audit log) and role.</summary>
public sealed record ApiKeyIdentity(string Name, ServiceRole Role);

/// <summary>
/// Resolves a presented key to an identity: a server-generated key by its SHA-256 in the store, else the bootstrap
/// admin key. Store answers are remembered for <see cref="CacheFor"/> so a busy endpoint does not read the key table
/// on every request; a revocation therefore takes effect at once in the process that made it and within that time in
/// the others.
/// </summary>
public sealed class ApiKeyValidator(ApiKeyStore store, BootstrapAdminKey admin, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity? Identity, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public ApiKeyIdentity? Validate(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var hash = ApiKeyStore.Hash(key); // remembered by hash: no secret is kept in memory longer than a request
        if (!_cache.TryGetValue(hash, out var entry) || entry.Until < now)
        {
            var record = store.FindActive(hash);
            entry = (record is null ? null : new ApiKeyIdentity(record.Name, ServiceRoles.Parse(record.Role) ?? ServiceRole.ReadOnly), now + CacheFor);
            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }

            _cache[hash] = entry;
        }

        return entry.Identity ?? (admin.Verify(key) ? new ApiKeyIdentity(BootstrapAdminKey.Name, ServiceRole.Admin) : null);
    }

    /// <summary>Forgets every remembered answer (after a key is revoked here).</summary>
    public void Forget() => _cache.Clear();
}
