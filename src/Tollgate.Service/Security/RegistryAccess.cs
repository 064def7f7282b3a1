using Tollgate.Images;
using Tollgate.Images.References;

namespace Tollgate.Service.Security;

/// <summary>
/// How the service reaches registries: plain HTTP only for hosts the operator named (--insecure-registry), and the
/// outbound policy's SSRF check for callers that reach a registry on a user's behalf (tag polling).
/// </summary>
public sealed class RegistryAccess(ServiceOptions options, OutboundPolicy outbound)
{
    public ImageLoadOptions OptionsFor(string host) => new()
    {
        Insecure = options.Notifications.InsecureRegistries.Contains(host, StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Load options for an image source: a registry reference gets its host's options, anything else the defaults.</summary>
    public ImageLoadOptions OptionsForSource(string source)
    {
        try
        {
            return SourceReference.Parse(source) is { Kind: SourceKind.Registry, Registry: { } registry } ? OptionsFor(registry.Host) : new ImageLoadOptions();
        }
        catch (ImageException)
        {
            return new ImageLoadOptions(); // the analysis reports the bad reference itself
        }
    }

    /// <summary>Why the registry <paramref name="reference"/> may not be contacted (SSRF policy); null when it may.</summary>
    public Task<string?> RefusalAsync(RegistryReference reference, CancellationToken cancellationToken) =>
        outbound.CheckAsync($"https://{reference.ApiHost}/", cancellationToken);
}
