using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tollgate.TestSupport.Registry;

namespace Tollgate.TestSupport.Postgres;

/// <summary>
/// A real PostgreSQL (Debian's package) started once per test process on 127.0.0.1 with a throw-away cluster in a temp
/// dir (initdb, trust auth for the test user, pg_ctl); stopped when the process exits. Each test takes its own empty
/// database from <see cref="CreateDatabaseAsync"/>.
/// <code>var url = await PostgresServer.CreateDatabaseAsync(); // postgres://tollgate@127.0.0.1:PORT/t_…</code>
/// </summary>
public sealed class PostgresServer
{
    public const string User = "tollgate";
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresServer? _shared;

    private PostgresServer(string binDir, string dataDir, int port)
    {
        BinDir = binDir;
        DataDir = dataDir;
        Port = port;
    }

    public string BinDir { get; }

    public string DataDir { get; }

    public int Port { get; }

    /// <summary>Starts the shared server on first use and creates an empty database; returns its postgres:// URL.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await SharedAsync();
        var name = "t_" + Guid.NewGuid().ToString("n")[..16];
        await server.PsqlAsync("postgres", $"CREATE DATABASE {name}");
        return $"postgres://{User}@127.0.0.1:{server.Port}/{name}";
    }

    public static async Task<PostgresServer> SharedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            StartLock.Release();
        }
    }

    public Task<string> PsqlAsync(string database, string sql) =>
        ProcessRunner.RunAsync(Path.Combine(BinDir, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, "-d", database, "-v", "ON_ERROR_STOP=1", "-Atc", sql], TimeSpan.FromMinutes(1));

    private static async Task<PostgresServer> StartAsync()
    {
        var binDir = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (binDir is null)
        {
            throw new FileNotFoundException("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) are missing: run scripts/install-deps.sh (package postgresql)");
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "tollgate-pg-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(dataDir);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to Debian's postgres account.
            await ProcessRunner.RunAsync("chown", ["postgres:postgres", dataDir]);
        }

        await RunAsPostgres(asRoot, Path.Combine(binDir, "initdb"), ["-D", Path.Combine(dataDir, "data"), "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync"]);
        var options = $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        await RunAsPostgres(asRoot, Path.Combine(binDir, "pg_ctl"), ["-D", Path.Combine(dataDir, "data"), "-o", options, "-l", Path.Combine(dataDir, "log"), "-w", "-t", "60", "start"]);
        var server = new PostgresServer(binDir, dataDir, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            var stop = asRoot
                ? Process.Start("runuser", ["-u", "postgres", "--", Path.Combine(BinDir, "pg_ctl"), "-D", Path.Combine(DataDir, "data"), "-m", "immediate", "stop"])
                : Process.Start(Path.Combine(BinDir, "pg_ctl"), ["-D", Path.Combine(DataDir, "data"), "-m", "immediate", "stop"]);
            stop?.WaitForExit(20_000);
            Directory.Delete(DataDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Best effort at process exit: a leftover temp dir is not worth failing the run.
        }
    }

    private static Task<string> RunAsPostgres(bool asRoot, string tool, IReadOnlyList<string> arguments) =>
        asRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments], TimeSpan.FromMinutes(2))
            : ProcessRunner.RunAsync(tool, arguments, TimeSpan.FromMinutes(2));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
