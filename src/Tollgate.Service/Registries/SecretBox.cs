using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Service.Registries;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM. The key comes from --secret-key-file, else TOLLGATE_SECRET_KEY (base64 of
/// 32 bytes), else a key generated once into a 0600 file in the store's directory (several processes sharing one
/// PostgreSQL must be given the same key). Each value gets a fresh nonce and is bound to its row (associated data),
/// so a ciphertext copied to another registry's row does not decrypt.
/// </summary>
public sealed class SecretBox
{
    public const string KeyEnvironmentVariable = "TOLLGATE_SECRET_KEY";
    public const string GeneratedKeyFile = "tollgate-secret.key";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public SecretBox(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"the secret key must be 32 bytes (got {key.Length})", nameof(key));
        }

        _key = key;
    }

    public static SecretBox FromOptions(ServiceOptions options)
    {
        if (options.SecretKeyFile is { } file)
        {
            return new SecretBox(ReadKeyFile(file));
        }

        if (Environment.GetEnvironmentVariable(KeyEnvironmentVariable) is { Length: > 0 } env)
        {
            return new SecretBox(Parse(env, KeyEnvironmentVariable));
        }

        var dir = options.Store.StartsWith("sqlite:", StringComparison.Ordinal)
            ? Path.GetDirectoryName(Path.GetFullPath(options.Store["sqlite:".Length..]))!
            : options.ResolvedDataDir;
        var path = Path.Combine(dir, GeneratedKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dir);
            try
            {
                // Created with its final mode: the key is never readable by others, not even for an instant.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, create);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        return new SecretBox(ReadKeyFile(path));
    }

    public string Encrypt(string plaintext, string boundTo)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + TagBytes + data.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(boundTo));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Throws <see cref="CryptographicException"/> when the key is wrong or the value was tampered with.</summary>
    public string Decrypt(string sealedText, string boundTo)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        var data = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), data, Encoding.UTF8.GetBytes(boundTo));
        return Encoding.UTF8.GetString(data);
    }

    private static byte[] ReadKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--secret-key-file {path}: no such file");
        }

        return Parse(File.ReadAllText(path).Trim(), path);
    }

    private static byte[] Parse(string text, string where)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{where}: the secret key must be base64 of 32 random bytes (e.g. `head -c32 /dev/urandom | base64`)");
        }
    }
}
