using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Service.Store;

/// <summary>Registers every store area over the one <see cref="StoreDatabase"/> (add a line per area).</summary>
public static class StoreServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<JobQueue>();
        services.AddSingleton<ImageStore>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<Policies.PolicyStore>();
        services.AddSingleton<Security.ApiKeyStore>();
        services.AddSingleton<Registries.RegistryStore>();
    }
}
