using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Tollgate.Images.Layers;

/// <summary>"sha256:hex" / "sha512:hex" digests: validation (so a digest is safe to use as a file name) and hashing.</summary>
public static partial class Digests
{
    public static bool IsValid(string? digest) => digest is not null && Pattern().IsMatch(digest);

    public static string Algorithm(string digest) => digest[..digest.IndexOf(':')];

    public static string Hex(string digest) => digest[(digest.IndexOf(':') + 1)..];

    public static string Sha256(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static IncrementalHash CreateHash(string digest, string source) => Algorithm(digest) switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        var other => throw new ImageException(source, $"unsupported digest algorithm '{other}' in {digest}"),
    };

    /// <summary>Throws unless <paramref name="data"/> hashes to <paramref name="expected"/>.</summary>
    public static void Verify(ReadOnlySpan<byte> data, string expected, string source, string what)
    {
        RequireValid(expected, source, what);
        using var hash = CreateHash(expected, source);
        hash.AppendData(data);
        var actual = Algorithm(expected) + ":" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected)
        {
            throw new ImageException(source, $"{what}: digest mismatch (expected {expected}, content hashes to {actual})");
        }
    }

    public static void RequireValid(string? digest, string source, string what)
    {
        if (!IsValid(digest))
        {
            throw new ImageException(source, $"{what}: invalid digest '{digest}'");
        }
    }

    [GeneratedRegex("^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$")]
    private static partial Regex Pattern();
}
