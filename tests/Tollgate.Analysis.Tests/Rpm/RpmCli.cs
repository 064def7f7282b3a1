using System.Diagnostics;
using System.Text;
using Tollgate.TestSupport;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>The real rpm as test oracle, always run on a copy (rpm may write lock, -shm and -wal files beside a database).</summary>
internal static class RpmCli
{
    /// <summary>The database file in a folder: rpmdb.sqlite when there is one, else the Berkeley DB Packages.</summary>
    public static string DatabaseFile(string folder) =>
        File.Exists(Path.Combine(folder, "rpmdb.sqlite")) ? Path.Combine(folder, "rpmdb.sqlite") : Path.Combine(folder, "Packages");

    /// <summary>`rpm -qa --qf FORMAT` over a copy of the database in <paramref name="folder"/>; one string per line.</summary>
    public static List<string> Query(string folder, string queryFormat)
    {
        var dbFile = DatabaseFile(folder);
        var backend = dbFile.EndsWith(".sqlite", StringComparison.Ordinal) ? "sqlite" : "bdb_ro";
        var copy = TestPaths.NewTempDir();
        try
        {
            File.Copy(dbFile, Path.Combine(copy, Path.GetFileName(dbFile)));
            var start = new ProcessStartInfo("rpm")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var arg in new[] { "--define", "_db_backend " + backend, "--dbpath", copy, "-qa", "--qf", queryFormat })
            {
                start.ArgumentList.Add(arg);
            }

            using var rpm = Process.Start(start) ?? throw new InvalidOperationException("rpm did not start");
            var stderr = rpm.StandardError.ReadToEndAsync();
            var stdout = rpm.StandardOutput.ReadToEnd();
            rpm.WaitForExit();
            Assert.True(rpm.ExitCode == 0, $"rpm exited {rpm.ExitCode}: {stderr.Result}");
            return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
