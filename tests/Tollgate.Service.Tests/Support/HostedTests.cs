using Microsoft.AspNetCore.Builder;

namespace Tollgate.Service.Tests.Support;

/// <summary>A test class whose tests run against one <see cref="ServiceHost"/> per test, on the engine of the subclass.</summary>
public abstract class HostedTests : EngineTests
{
    protected ServiceHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = await ServiceHost.StartAsync(Spec, Configure, BeforeStart);
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Changes the host's options before it starts (default: none).</summary>
    protected virtual ServiceOptions Configure(ServiceOptions options) => options;

    /// <summary>Lets a test map endpoints before the app starts.</summary>
    protected virtual void BeforeStart(WebApplication app)
    {
    }
}
