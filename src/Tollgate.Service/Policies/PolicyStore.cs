using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Packs;
using Tollgate.Service.Store;

namespace Tollgate.Service.Policies;

/// <summary>
/// Policy bundles: uploaded ones (JSON or YAML, Anchore 1_0 or v2, kept as sent) and the built-in packs (pack:NAME),
/// with exactly one active bundle. A bundle's version is the sha256 of its text, so anything cached per version (the
/// check cache) is invalidated by any change. Parsed bundles are kept per version: a check never re-parses.
/// </summary>
public sealed class PolicyStore(StoreDatabase database)
{
    public static StoreSchema Schema { get; } = new("policies",
    [
        """
        CREATE TABLE policies(id TEXT PRIMARY KEY, name TEXT, body TEXT NOT NULL, version TEXT NOT NULL,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
        CREATE TABLE policy_active(slot INTEGER PRIMARY KEY, policy_id TEXT NOT NULL)
        """,
    ]);

    /// <summary>Largest bundle text accepted (the biggest real bundles are under 100 KB).</summary>
    public const int MaxBundleBytes = 4 * 1024 * 1024;

    private static readonly ConcurrentDictionary<string, PolicyBundle> Parsed = new(StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<string, PolicyVersion>> PackVersions = new(() => PackCatalog.All.ToDictionary(
        p => BundleLoader.PackPrefix + p.Name,
        p => new PolicyVersion(BundleLoader.PackPrefix + p.Name, VersionOf(BundleWriter.ToJson(p.Bundle, p.Bundle.Format)), p.Bundle),
        StringComparer.OrdinalIgnoreCase));

    /// <summary>Validates <paramref name="text"/> and stores it under its own id; the first bundle stored becomes active.</summary>
    /// <param name="replaceId">Set for a PUT: the bundle must exist and keep this id.</param>
    public PolicySaveResult Save(string text, string? replaceId = null)
    {
        var read = BundleLoader.ReadText(text, strict: true);
        var problems = read.Problems;
        if (read.Bundle is { } parsed && IsPack(parsed.Id))
        {
            problems = [.. problems, new BundleProblem("$.id", $"ids starting with '{BundleLoader.PackPrefix}' name built-in packs")];
        }

        if (replaceId is not null && read.Bundle is { } b && b.Id != replaceId)
        {
            problems = [.. problems, new BundleProblem("$.id", $"the bundle's id '{b.Id}' differs from the policy being replaced ('{replaceId}')")];
        }

        if (read.Bundle is null || problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return new PolicySaveResult(PolicySaveOutcome.Invalid, null, problems);
        }

        var bundle = read.Bundle;
        var version = VersionOf(text);
        Parsed.TryAdd(version, bundle);
        var now = DateTimeOffset.UtcNow;
        var outcome = database.Write(tx =>
        {
            var exists = tx.Scalar("SELECT id FROM policies WHERE id = @id", ("id", bundle.Id)) is not null;
            if (exists != (replaceId is not null))
            {
                return exists ? PolicySaveOutcome.Exists : PolicySaveOutcome.NotFound;
            }

            if (exists)
            {
                tx.Execute("UPDATE policies SET name = @name, body = @body, version = @v, updated_at = @at WHERE id = @id",
                    ("name", bundle.Name), ("body", text), ("v", version), ("at", now), ("id", bundle.Id));
            }
            else
            {
                tx.Execute("INSERT INTO policies(id, name, body, version, created_at, updated_at) VALUES (@id, @name, @body, @v, @at, @at)",
                    ("id", bundle.Id), ("name", bundle.Name), ("body", text), ("v", version), ("at", now));
                if (tx.Scalar("SELECT policy_id FROM policy_active WHERE slot = 1") is null)
                {
                    SetActive(tx, bundle.Id);
                }
            }

            EventLog.Add(tx, "policy_update", "info", $"policy {bundle.Id} {(exists ? "replaced" : "added")} (version {version})", bundle.Id);
            return PolicySaveOutcome.Saved;
        });
        return new PolicySaveResult(outcome, outcome == PolicySaveOutcome.Saved ? Get(bundle.Id) : null, problems);
    }

    /// <summary>An uploaded bundle by id, or a built-in pack as "pack:NAME".</summary>
    public StoredPolicy? Get(string id)
    {
        if (IsPack(id))
        {
            return PackCatalog.Find(id[BundleLoader.PackPrefix.Length..]) is { } pack ? FromPack(pack, ActiveId()) : null;
        }

        return database.Read(tx =>
        {
            var active = ActiveId(tx);
            return tx.QueryFirst("SELECT id, name, body, version, created_at, updated_at FROM policies WHERE id = @id", r => Map(r, active), ("id", id));
        });
    }

    /// <summary>Every uploaded bundle, then every built-in pack.</summary>
    public IReadOnlyList<StoredPolicy> List()
    {
        var (active, stored) = database.Read(tx =>
        {
            var active = ActiveId(tx);
            return (active, tx.Query("SELECT id, name, body, version, created_at, updated_at FROM policies ORDER BY created_at, id", r => Map(r, active)));
        });
        return [.. stored, .. PackCatalog.All.Select(p => FromPack(p, active))];
    }

    /// <summary>Deletes an uploaded bundle; the active one cannot be deleted (activate another first).</summary>
    public PolicyDeleteOutcome Delete(string id) => database.Write(tx =>
    {
        if (IsPack(id))
        {
            return PolicyDeleteOutcome.BuiltIn;
        }

        if (ActiveId(tx) == id)
        {
            return PolicyDeleteOutcome.Active;
        }

        if (tx.Execute("DELETE FROM policies WHERE id = @id", ("id", id)) == 0)
        {
            return PolicyDeleteOutcome.NotFound;
        }

        EventLog.Add(tx, "policy_update", "info", $"policy {id} deleted", id);
        return PolicyDeleteOutcome.Deleted;
    });

    /// <summary>Makes <paramref name="id"/> (an uploaded bundle or "pack:NAME") the one active bundle; false when there is no such bundle.</summary>
    public bool Activate(string id)
    {
        if (IsPack(id) && PackCatalog.Find(id[BundleLoader.PackPrefix.Length..]) is null)
        {
            return false;
        }

        return database.Write(tx =>
        {
            if (!IsPack(id) && tx.Scalar("SELECT id FROM policies WHERE id = @id", ("id", id)) is null)
            {
                return false;
            }

            SetActive(tx, id);
            EventLog.Add(tx, "policy_update", "info", $"policy {id} activated", id);
            return true;
        });
    }

    /// <summary>
    /// The bundle and version of <paramref name="id"/> ("pack:NAME" too), or of the active bundle when null; null when
    /// there is no such bundle. One small query: the parsed bundle is cached per version (what checks call per request).
    /// </summary>
    public PolicyVersion? Resolve(string? id)
    {
        var (policyId, version) = database.Read(tx =>
        {
            var wanted = id ?? ActiveId(tx);
            return wanted is null || IsPack(wanted)
                ? (wanted, null)
                : (wanted, tx.Scalar("SELECT version FROM policies WHERE id = @id", ("id", wanted)) as string);
        });
        if (policyId is null)
        {
            return null;
        }

        if (IsPack(policyId))
        {
            return PackVersions.Value.TryGetValue(policyId, out var pack) ? pack : null;
        }

        if (version is null)
        {
            return null;
        }

        if (!Parsed.TryGetValue(version, out var bundle))
        {
            bundle = Get(policyId)?.Bundle;
            if (bundle is null)
            {
                return null;
            }
        }

        return new PolicyVersion(policyId, version, bundle);
    }

    /// <summary>The active bundle; null when none was uploaded or activated yet.</summary>
    public StoredPolicy? Active() => ActiveId() is { } id ? Get(id) : null;

    /// <summary>The id of the active bundle (one small query; what the check cache keys on).</summary>
    public string? ActiveId() => database.Read(ActiveId);

    /// <summary>The content hash that versions a bundle text.</summary>
    public static string VersionOf(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static bool IsPack(string id) => id.StartsWith(BundleLoader.PackPrefix, StringComparison.Ordinal);

    private static string? ActiveId(StoreTransaction tx) => tx.Scalar("SELECT policy_id FROM policy_active WHERE slot = 1") as string;

    private static void SetActive(StoreTransaction tx, string id) =>
        tx.Execute("INSERT INTO policy_active(slot, policy_id) VALUES (1, @id) ON CONFLICT(slot) DO UPDATE SET policy_id = excluded.policy_id", ("id", id));

    private static StoredPolicy Map(System.Data.Common.DbDataReader r, string? active)
    {
        var (id, body, version) = (r.GetString(0), r.GetString(2), r.GetString(3));
        var bundle = Parsed.GetOrAdd(version, _ => BundleReader.Parse(body).Bundle
            ?? throw new InvalidDataException($"stored policy {id} no longer parses"));
        return new StoredPolicy(id, r.NullableString(1), PolicySources.Upload, version, id == active, bundle, body, r.Time(4), r.Time(5));
    }

    private static StoredPolicy FromPack(PolicyPack pack, string? active)
    {
        var id = BundleLoader.PackPrefix + pack.Name;
        var text = BundleWriter.ToJson(pack.Bundle, pack.Bundle.Format);
        return new StoredPolicy(id, pack.Description.Length > 0 ? pack.Description : pack.Bundle.Name, PolicySources.BuiltIn,
            VersionOf(text), id == active, pack.Bundle, text, null, null);
    }
}
