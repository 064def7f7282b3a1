using Tollgate.Service.Store;

namespace Tollgate.Service.Registries;

/// <summary>
/// Registry credentials (Anchore's /registries): the password is stored only encrypted (<see cref="SecretBox"/>) and
/// leaves this class only through <see cref="CredentialsFor"/>, for the worker pulling an image.
/// </summary>
public sealed class RegistryStore(StoreDatabase database, SecretBox secrets)
{
    public static StoreSchema Schema { get; } = new("registries",
    [
        """
        CREATE TABLE registries(registry TEXT PRIMARY KEY, name TEXT, username TEXT NOT NULL, secret TEXT NOT NULL,
            registry_type TEXT NOT NULL, verify INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
    ]);

    private const string Columns = "registry, name, username, registry_type, verify, created_at, updated_at";

    /// <summary>Adds or replaces the credentials for <see cref="RegistryEntry.Registry"/>; true when it was new.</summary>
    public bool Save(RegistryEntry entry)
    {
        var secret = secrets.Encrypt(entry.Password, entry.Registry);
        var now = DateTimeOffset.UtcNow;
        return database.Write(tx =>
        {
            var updated = tx.Execute("UPDATE registries SET name = @n, username = @u, secret = @s, registry_type = @t, verify = @v, updated_at = @at WHERE registry = @r",
                ("n", entry.Name), ("u", entry.Username), ("s", secret), ("t", entry.Type), ("v", entry.Verify), ("at", now), ("r", entry.Registry)) > 0;
            if (!updated)
            {
                tx.Execute("INSERT INTO registries(registry, name, username, secret, registry_type, verify, created_at, updated_at) VALUES (@r, @n, @u, @s, @t, @v, @at, @at)",
                    ("r", entry.Registry), ("n", entry.Name), ("u", entry.Username), ("s", secret), ("t", entry.Type), ("v", entry.Verify), ("at", now));
            }

            EventLog.Add(tx, "registry_update", "info", $"credentials for {entry.Registry} {(updated ? "replaced" : "added")} (user {entry.Username})", entry.Registry);
            return !updated;
        });
    }

    public IReadOnlyList<RegistryRecord> List() => database.Read(tx => tx.Query($"SELECT {Columns} FROM registries ORDER BY registry", Map));

    public RegistryRecord? Get(string registry) => database.Read(tx => tx.QueryFirst($"SELECT {Columns} FROM registries WHERE registry = @r", Map, ("r", registry)));

    public bool Delete(string registry) => database.Write(tx =>
    {
        var deleted = tx.Execute("DELETE FROM registries WHERE registry = @r", ("r", registry)) > 0;
        if (deleted)
        {
            EventLog.Add(tx, "registry_update", "info", $"credentials for {registry} deleted", registry);
        }

        return deleted;
    });

    /// <summary>
    /// The credentials for pulling <paramref name="repository"/> from <paramref name="host"/>: the entry for
    /// "host/repository-prefix" with the longest prefix, else the entry for the host; null when none is stored.
    /// </summary>
    public RegistryCredential? CredentialsFor(string host, string repository)
    {
        var rows = database.Read(tx => tx.Query(
            "SELECT registry, username, secret, verify FROM registries WHERE registry = @h OR registry LIKE @prefix",
            r => (Registry: r.GetString(0), User: r.GetString(1), Secret: r.GetString(2), Verify: r.Int(3) != 0),
            ("h", host), ("prefix", host + "/%")));
        var path = $"{host}/{repository}";
        var candidates = rows.Where(r => r.Registry == host || Covers(r.Registry, path)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.MaxBy(r => r.Registry.Length);
        return new RegistryCredential(best.User, secrets.Decrypt(best.Secret, best.Registry), best.Verify);
    }

    /// <summary>"host/repo" covers that repository and those below it; a trailing '*' (Anchore's form) covers any name starting so.</summary>
    private static bool Covers(string entry, string path) => entry.EndsWith('*')
        ? path.StartsWith(entry[..^1], StringComparison.Ordinal)
        : path == entry || path.StartsWith(entry + "/", StringComparison.Ordinal);

    private static RegistryRecord Map(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.NullableString(1), r.GetString(2), r.GetString(3), r.Int(4) != 0, r.Time(5), r.Time(6));
}

/// <summary>What a client sends: the password is write-only.</summary>
public sealed record RegistryEntry(string Registry, string? Name, string Username, string Password, string Type, bool Verify);

/// <summary>What the API shows about stored credentials: never the password, not even masked.</summary>
public sealed record RegistryRecord(string Registry, string? RegistryName, string RegistryUser, string RegistryType, bool RegistryVerify, DateTimeOffset CreatedAt, DateTimeOffset LastUpdated);

/// <summary>Decrypted credentials, handed only to the image loader.</summary>
public sealed record RegistryCredential(string Username, string Password, bool Verify)
{
    public override string ToString() => $"{Username}:***"; // never print the password, even by accident
}
