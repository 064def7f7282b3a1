using Tollgate.Images;

namespace Tollgate.Service.Notifications.Subscriptions;

/// <summary>How the service reaches a registry host (credentials, plain HTTP for --insecure-registry hosts).</summary>
public sealed class RegistryAccess(ServiceOptions options)
{
    public ImageLoadOptions OptionsFor(string host) => new()
    {
        Insecure = options.Notifications.InsecureRegistries.Contains(host, StringComparer.OrdinalIgnoreCase),
    };
}
