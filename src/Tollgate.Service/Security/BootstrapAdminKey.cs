using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Service.Security;

/// <summary>
/// The operator's first admin key (TOLLGATE_ADMIN_KEY or --admin-key-file). It may be a short, human-chosen secret, so
/// only a salted PBKDF2 hash of it is kept. The first correct request pays PBKDF2 once; after that the key's SHA-256
/// is remembered and compared in constant time, so no request pays PBKDF2 twice (the check endpoint must take
/// hundreds of requests a second). Wrong keys are remembered too, and PBKDF2 runs one at a time, so a flood of
/// guesses costs at most one core.
/// </summary>
public sealed class BootstrapAdminKey
{
    /// <summary>The name the bootstrap key acts under in the audit log.</summary>
    public const string Name = "admin";

    private const int Iterations = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA256
    private const int MaxRememberedFailures = 4096;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _hash;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _failures = new(StringComparer.Ordinal);
    private volatile byte[]? _verifiedDigest;
    private int _slowChecks;

    public BootstrapAdminKey(string key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("an admin key is required (TOLLGATE_ADMIN_KEY or --admin-key-file FILE)", nameof(key));
        }

        _hash = Slow(key);
    }

    /// <summary>How many times PBKDF2 ran for a presented key (not counting the one at start).</summary>
    public int SlowChecks => _slowChecks;

    /// <summary>True when <paramref name="presented"/> is the admin key.</summary>
    public bool Verify(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var digestKey = Convert.ToHexString(digest);
        if (Remembered(digest, digestKey) is { } known)
        {
            return known;
        }

        _oneAtATime.Wait();
        try
        {
            if (Remembered(digest, digestKey) is { } justChecked)
            {
                return justChecked; // another request checked the same key while this one waited
            }

            Interlocked.Increment(ref _slowChecks);
            if (CryptographicOperations.FixedTimeEquals(Slow(presented), _hash))
            {
                _verifiedDigest = digest;
                return true;
            }

            if (_failures.Count >= MaxRememberedFailures)
            {
                _failures.Clear();
            }

            _failures[digestKey] = true;
            return false;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private bool? Remembered(byte[] digest, string digestKey) =>
        _verifiedDigest is { } verified && CryptographicOperations.FixedTimeEquals(verified, digest) ? true
        : _failures.ContainsKey(digestKey) ? false
        : null;

    private byte[] Slow(string key) => Rfc2898DeriveBytes.Pbkdf2(key, _salt, Iterations, HashAlgorithmName.SHA256, 32);
}
