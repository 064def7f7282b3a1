namespace Tollgate.Vulnerabilities.Database;

/// <summary>Where the DB lives when --db is not given: $TOLLGATE_DB, else the user's data folder (~/.local/share/tollgate/vulns.db).</summary>
public static class VulnDbLocation
{
    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        if (Environment.GetEnvironmentVariable("TOLLGATE_DB") is { Length: > 0 } env)
        {
            return Path.GetFullPath(env);
        }

        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(data, "tollgate", "vulns.db");
    }
}
