using System.Security.Cryptography;
using Tollgate.Service.Registries;
using Tollgate.Service.Store;
using Tollgate.Service.Tests.Support;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Postgres;

namespace Tollgate.Service.Tests.Registries;

/// <summary>The registry credentials area on both engines: encrypted at rest, never returned, matched by host and repository.</summary>
public abstract class RegistryStoreTests : EngineTests
{
    private const string Password = "hunter2-registry-pass";

    [Fact]
    public void PasswordIsEncryptedAtRestAndOnlyHandedToThePuller()
    {
        using var db = StoreDatabase.Open(Spec);
        var key = RandomNumberGenerator.GetBytes(32);
        var store = new RegistryStore(db, new SecretBox(key));
        Assert.True(store.Save(new RegistryEntry("registry.example:5000", "corp", "ci-bot", Password, "docker_v2", true)));
        Assert.True(store.Save(new RegistryEntry("registry.example:5000/team-a", null, "team-a", Password + "-a", "docker_v2", false)));
        Assert.False(store.Save(new RegistryEntry("registry.example:5000", "corp", "ci-bot", Password, "docker_v2", true))); // replaced

        var stored = db.Read(tx => tx.Query("SELECT secret, username FROM registries", r => r.GetString(0) + r.GetString(1)));
        Assert.All(stored, s => Assert.DoesNotContain("hunter2", s, StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", string.Join(' ', store.List()), StringComparison.Ordinal);
        Assert.Equal(2, store.List().Count);

        var general = store.CredentialsFor("registry.example:5000", "library/alpine")!;
        Assert.Equal(("ci-bot", Password, true), (general.Username, general.Password, general.Verify));
        var team = store.CredentialsFor("registry.example:5000", "team-a/app")!;
        Assert.Equal(("team-a", Password + "-a", false), (team.Username, team.Password, team.Verify));
        Assert.Equal("ci-bot", store.CredentialsFor("registry.example:5000", "team-ab/app")!.Username); // a prefix of a name is not a parent
        Assert.Null(store.CredentialsFor("other.example", "x"));
        Assert.DoesNotContain(Password, general.ToString(), StringComparison.Ordinal);

        // Another key cannot read them (and says so rather than returning garbage).
        var wrongKey = new RegistryStore(db, new SecretBox(RandomNumberGenerator.GetBytes(32)));
        Assert.ThrowsAny<CryptographicException>(() => wrongKey.CredentialsFor("registry.example:5000", "x"));

        Assert.True(store.Delete("registry.example:5000/team-a"));
        Assert.Equal("ci-bot", store.CredentialsFor("registry.example:5000", "team-a/app")!.Username);
        Assert.Contains(new EventLog(db).List("registry_update"), e => e.Message.Contains("deleted", StringComparison.Ordinal));
    }

    [Fact]
    public void GeneratedKeyIsCreatedOnceWithOwnerOnlyMode()
    {
        var options = new ServiceOptions { Store = "sqlite:" + Path.Combine(Dir, "k.db") };
        var first = SecretBox.FromOptions(options);
        var path = Path.Combine(Dir, SecretBox.GeneratedKeyFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var sealedText = first.Encrypt(Password, "r");
        Assert.Equal(Password, SecretBox.FromOptions(options).Decrypt(sealedText, "r")); // the same key on restart
        Assert.ThrowsAny<CryptographicException>(() => first.Decrypt(sealedText, "another-row"));

        File.WriteAllText(Path.Combine(Dir, "short.key"), "c2hvcnQ=");
        var bad = Assert.Throws<InvalidDataException>(() => SecretBox.FromOptions(options with { SecretKeyFile = Path.Combine(Dir, "short.key") }));
        Assert.Contains("short.key", bad.Message);
    }
}

public sealed class SqliteRegistryStoreTests : RegistryStoreTests
{
    protected override Task<string> CreateStoreAsync() => Task.FromResult("sqlite:" + Path.Combine(Dir, "tollgate.db"));
}

public sealed class PostgresRegistryStoreTests : RegistryStoreTests
{
    protected override Task<string> CreateStoreAsync() => PostgresServer.CreateDatabaseAsync();
}
