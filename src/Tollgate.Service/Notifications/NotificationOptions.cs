namespace Tollgate.Service.Notifications;

/// <summary>How webhooks are delivered and how often watched tags are polled.</summary>
public sealed record NotificationOptions
{
    /// <summary>Attempts before a delivery goes to the dead-letter list.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Delay after the first failed attempt; each further failure doubles it (capped at <see cref="MaxBackoff"/>).</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>tag_update subscriptions are polled this often; null turns polling off.</summary>
    public TimeSpan? TagPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Registry hosts reached over plain HTTP when polling watched tags (--insecure-registry).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>Hosts or CIDRs (--allow-outbound) that outbound calls may reach although they are loopback/private.</summary>
    public IReadOnlyList<string> AllowOutbound { get; init; } = [];
}
