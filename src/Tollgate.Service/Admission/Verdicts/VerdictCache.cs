using System.Collections.Concurrent;

namespace Tollgate.Service.Admission.Verdicts;

/// <summary>
/// Verdicts by (digest, tag, bundle id, bundle version, feed version). A changed bundle or feed changes the key, so a
/// stale verdict is never returned; entries of superseded versions are dropped when a new version is first seen.
/// Concurrent requests for one key share a single evaluation. The tag is part of the key because bundle mappings
/// select policies by tag.
/// </summary>
public sealed class VerdictCache(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<Key, Lazy<Task<AdmissionVerdict>>> _entries = new();
    private readonly ConcurrentDictionary<string, AdmissionVersions> _latest = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    public async Task<AdmissionVerdict> GetAsync(string digest, string tag, AdmissionVersions versions, Func<Task<AdmissionVerdict>> evaluate)
    {
        DropSuperseded(versions);
        var key = new Key(digest, tag, versions);
        var created = false;
        var entry = _entries.GetOrAdd(key, _ =>
        {
            created = true;
            return new Lazy<Task<AdmissionVerdict>>(evaluate, LazyThreadSafetyMode.ExecutionAndPublication);
        });
        Interlocked.Increment(ref created ? ref _misses : ref _hits);
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed evaluation (store down, timeout) is not a verdict: the next request tries again.
            _entries.TryRemove(new KeyValuePair<Key, Lazy<Task<AdmissionVerdict>>>(key, entry));
            throw;
        }
    }

    private void DropSuperseded(AdmissionVersions versions)
    {
        if (_latest.TryGetValue(versions.BundleId, out var known) && known == versions && _entries.Count < capacity)
        {
            return;
        }

        _latest[versions.BundleId] = versions;
        foreach (var key in _entries.Keys)
        {
            if (_entries.Count >= capacity || (key.Versions.BundleId == versions.BundleId && key.Versions != versions))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private readonly record struct Key(string Digest, string Tag, AdmissionVersions Versions);
}
