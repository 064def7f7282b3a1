using System.Net;
using Tollgate.Service.Security;

namespace Tollgate.Service.Tests.Notifications;

/// <summary>SSRF protection: address classes, allowlists, the creation check and the connect-time check.</summary>
public sealed class OutboundPolicyTests
{
    private static readonly OutboundPolicy Default = new([]);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.20.30.40", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    public void InternalAddressesAreRefused(string address, string why) =>
        Assert.Contains(why, Default.Refusal("hooks.example.com", IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void PublicAddressesAreAllowed(string address) => Assert.Null(Default.Refusal("hooks.example.com", IPAddress.Parse(address)));

    [Fact]
    public void AllowlistedCidrsAndHostsAreAllowed()
    {
        var policy = new OutboundPolicy(["10.1.0.0/16", "127.0.0.1", "hooks.internal", "fd00::/8"]);
        Assert.Null(policy.Refusal("x", IPAddress.Parse("10.1.200.3")));
        Assert.NotNull(policy.Refusal("x", IPAddress.Parse("10.2.0.1")));
        Assert.Null(policy.Refusal("x", IPAddress.Parse("127.0.0.1")));
        Assert.NotNull(policy.Refusal("x", IPAddress.Parse("127.0.0.2")));
        Assert.Null(policy.Refusal("hooks.internal", IPAddress.Parse("192.168.3.4")));
        Assert.Null(policy.Refusal("x", IPAddress.Parse("fd00::5")));
        Assert.Throws<ArgumentException>(() => new OutboundPolicy(["10.0.0.0/33"]));
        Assert.Throws<ArgumentException>(() => new OutboundPolicy(["not a host!"]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "loopback")]
    [InlineData("http://localhost:9/hook", "loopback")]
    [InlineData("http://[::1]:9/", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.0.0.5/", "private")]
    [InlineData("ftp://example.com/", "not an absolute http(s) URL")]
    [InlineData("hooks", "not an absolute http(s) URL")]
    [InlineData("http://user:pw@example.com/", "credentials in the URL")]
    public async Task CreationCheckRefusesUrls(string url, string why) => Assert.Contains(why, await Default.CheckAsync(url));

    [Fact]
    public async Task ConnectTimeCheckRefusesUnlessAllowlistedAndFollowsNoRedirect()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using (var refused = new HttpClient(Default.CreateHandler()))
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => refused.PostAsync(receiver.Url + "/x", new StringContent("{}")));
            Assert.Contains("refused by policy", error.ToString());
        }

        using var allowed = new HttpClient(new OutboundPolicy(["127.0.0.1"]).CreateHandler());
        Assert.Equal(HttpStatusCode.OK, (await allowed.PostAsync(receiver.Url + "/x", new StringContent("{}"))).StatusCode);
        Assert.Single(receiver.Received);
        // The receiver redirects to the metadata address: the redirect is returned, not followed.
        Assert.Equal(HttpStatusCode.Redirect, (await allowed.GetAsync(receiver.Url + "/redirect")).StatusCode);
    }
}
