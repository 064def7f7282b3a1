using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests.Support;

/// <summary>A test class whose tests run once per store engine: an empty store per test, a temp dir removed after.</summary>
public abstract class EngineTests : IAsyncLifetime
{
    protected string Dir { get; } = TestPaths.NewTempDir();

    protected string Spec { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync() => Spec = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        Directory.Delete(Dir, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>sqlite:PATH in <see cref="Dir"/>, or a fresh database on the test PostgreSQL.</summary>
    protected abstract Task<string> CreateStoreAsync();

    protected Task<string> SqliteAsync() => Task.FromResult("sqlite:" + Path.Combine(Dir, "tollgate.db"));

    protected static Task<string> PostgresAsync() => PostgresServer.CreateDatabaseAsync();
}
