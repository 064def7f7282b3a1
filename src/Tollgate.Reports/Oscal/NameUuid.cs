using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Reports.Oscal;

/// <summary>
/// Name-based (version 5) UUIDs: the same report input gives the same OSCAL document, so SOURCE_DATE_EPOCH builds are
/// byte-identical and re-runs can be diffed; distinct names within a document never collide.
/// </summary>
public static class NameUuid
{
    // RFC 4122 appendix C's URL namespace: our names are URL-like paths under the document.
    private static readonly byte[] UrlNamespace = Convert.FromHexString("6ba7b8119dad11d180b400c04fd430c8");

    public static string Create(string name)
    {
        var bytes = new byte[UrlNamespace.Length + Encoding.UTF8.GetByteCount(name)];
        UrlNamespace.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(UrlNamespace.Length));
        var hash = SHA1.HashData(bytes);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
