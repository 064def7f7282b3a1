using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Analysis.Tests.Support;

/// <summary>Well-formed but random credentials, generated per test run (none is real, none is reused).</summary>
public static class FakeSecrets
{
    public const string Upper32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    public const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string Digits = "0123456789";
    public const string Hex = "0123456789abcdef";

    public static string Pick(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);

    public static string Base64(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Jwt()
    {
        var header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url(Encoding.UTF8.GetBytes("""{"sub":"tollgate-test","iat":1700000000,"name":"fake user"}"""));
        var signature = Base64Url(HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    public static string RsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    }

    public static string EcPkcs8Pem()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ec.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>An OpenSSH-format key block: the "openssh-key-v1" magic followed by random key material.</summary>
    public static string OpenSshPem()
    {
        var body = Encoding.ASCII.GetBytes("openssh-key-v1\0").Concat(RandomNumberGenerator.GetBytes(380)).ToArray();
        var base64 = Convert.ToBase64String(body);
        var lines = Enumerable.Range(0, (base64.Length + 69) / 70).Select(i => base64.Substring(i * 70, Math.Min(70, base64.Length - (i * 70))));
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + string.Join('\n', lines) + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }
}
