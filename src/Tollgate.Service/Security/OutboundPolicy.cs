using System.Net;
using System.Net.Sockets;

namespace Tollgate.Service.Security;

/// <summary>
/// SSRF protection for every URL the service calls on a user's behalf (webhooks, feed sources, registries): hosts
/// that resolve to loopback, private (RFC 1918, CGNAT, ULA), link-local (cloud metadata 169.254.169.254 included),
/// multicast, reserved or unspecified addresses are refused unless the operator allowlisted the host name or a CIDR
/// (--allow-outbound, repeatable). <see cref="CreateHandler"/> checks the address actually connected to, so DNS
/// rebinding between the creation check and the delivery cannot get around it, and follows no redirects.
/// </summary>
public sealed class OutboundPolicy
{
    private static readonly IReadOnlyList<(IPAddress Network, int Prefix, string Why)> Blocked =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "unspecified (\"this network\")"),
        (IPAddress.Parse("10.0.0.0"), 8, "private (RFC 1918)"),
        (IPAddress.Parse("100.64.0.0"), 10, "carrier-grade NAT (RFC 6598)"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local (cloud metadata)"),
        (IPAddress.Parse("172.16.0.0"), 12, "private (RFC 1918)"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignments"),
        (IPAddress.Parse("192.168.0.0"), 16, "private (RFC 1918)"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking (RFC 2544)"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved / broadcast"),
        (IPAddress.Parse("::"), 128, "unspecified"),
        (IPAddress.Parse("::1"), 128, "loopback"),
        (IPAddress.Parse("fc00::"), 7, "unique local (ULA)"),
        (IPAddress.Parse("fe80::"), 10, "link-local"),
        (IPAddress.Parse("ff00::"), 8, "multicast"),
        (IPAddress.Parse("64:ff9b::"), 96, "NAT64 (embeds an IPv4 address)"),
    ];

    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(IPAddress Network, int Prefix)> _networks = [];

    /// <param name="allow">Host names ("hooks.internal") or CIDRs / addresses ("10.1.0.0/16", "127.0.0.1").</param>
    public OutboundPolicy(IEnumerable<string> allow)
    {
        foreach (var entry in allow.Select(a => a.Trim()).Where(a => a.Length > 0))
        {
            if (TryParseCidr(entry, out var network, out var prefix))
            {
                _networks.Add((network, prefix));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                _hosts.Add(entry.TrimEnd('.'));
            }
            else
            {
                throw new ArgumentException($"--allow-outbound {entry}: expected a host name, an IP address or a CIDR (10.0.0.0/8)");
            }
        }
    }

    /// <summary>Why connecting to <paramref name="address"/> for <paramref name="host"/> is refused; null when allowed.</summary>
    public string? Refusal(string host, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_hosts.Contains(host.TrimEnd('.')) || _networks.Any(n => InNetwork(address, n.Network, n.Prefix)))
        {
            return null;
        }

        var blocked = Blocked.FirstOrDefault(b => InNetwork(address, b.Network, b.Prefix));
        return blocked.Why is null ? null : $"{host} resolves to {address}, a {blocked.Why} address; allow it with --allow-outbound {host} or a CIDR";
    }

    /// <summary>
    /// Checks a URL before it is stored (webhook creation): http(s) only, and every address its host resolves to
    /// must be allowed. Returns the reason it is refused, or null.
    /// </summary>
    public async Task<string?> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"{url}: not an absolute http(s) URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{uri.Host}: credentials in the URL are not accepted (use the authorization field)";
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException e)
        {
            return $"{uri.Host}: cannot be resolved ({e.SocketErrorCode})";
        }

        return addresses.Select(a => Refusal(uri.IdnHost, a)).FirstOrDefault(r => r is not null);
    }

    /// <summary>
    /// An HTTP handler that resolves the host itself, connects only to an allowed address (the check happens on the
    /// address of the socket actually opened), uses no proxy (a proxy would connect for us, unchecked) and follows
    /// no redirects (a 3xx is a failure the caller sees, not a hop to an unchecked place).
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        var refusals = addresses.Select(a => (Address: a, Why: Refusal(host, a))).ToList();
        var allowed = refusals.Where(r => r.Why is null).Select(r => r.Address).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"outbound connection refused by policy: {refusals.Select(r => r.Why).FirstOrDefault() ?? $"{host} has no address"}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            // The connected peer is the address checked above: the socket connects only to the list it was given.
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    private static bool TryParseCidr(string text, out IPAddress network, out int prefix)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        network = IPAddress.None;
        prefix = 0;
        if (!IPAddress.TryParse(addressText, out var parsed))
        {
            return false;
        }

        network = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        var max = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (slash < 0)
        {
            prefix = max;
            return true;
        }

        if (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > max)
        {
            throw new ArgumentException($"--allow-outbound {text}: prefix length must be 0..{max}");
        }

        return true;
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var fullBytes = prefix / 8;
        for (var i = 0; i < fullBytes; i++)
        {
            if (a[i] != n[i])
            {
                return false;
            }
        }

        var rest = prefix % 8;
        return rest == 0 || (a[fullBytes] >> (8 - rest)) == (n[fullBytes] >> (8 - rest));
    }
}
