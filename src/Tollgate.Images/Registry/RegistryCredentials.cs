using System.Text;
using Tollgate.Images.Model;

namespace Tollgate.Images.Registry;

/// <summary>A username and password for one registry, and where they came from (for error messages).</summary>
public sealed record RegistryCredentials(string Username, string Password, string Origin)
{
    public const string UsernameVariable = "TOLLGATE_REGISTRY_USERNAME";
    public const string PasswordVariable = "TOLLGATE_REGISTRY_PASSWORD";

    public string BasicHeaderValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>Options first, then the environment, then docker's config.json "auths" for the host.</summary>
    public static RegistryCredentials? Find(string host, ImageLoadOptions options, string source)
    {
        if (options.Username is not null)
        {
            return new RegistryCredentials(options.Username, options.Password ?? "", "--username");
        }

        var envUser = Environment.GetEnvironmentVariable(UsernameVariable);
        if (!string.IsNullOrEmpty(envUser))
        {
            return new RegistryCredentials(envUser, Environment.GetEnvironmentVariable(PasswordVariable) ?? "", UsernameVariable);
        }

        return FromDockerConfig(host, options.DockerConfigPath ?? DefaultDockerConfigPath(), source);
    }

    public static string DefaultDockerConfigPath()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir))
        {
            dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        return Path.Combine(dir, "config.json");
    }

    private static RegistryCredentials? FromDockerConfig(string host, string path, string source)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var config = OciJson.Parse(File.ReadAllBytes(path), OciJsonContext.Default.DockerConfigFile, source, path);
        foreach (var (key, entry) in config.Auths ?? [])
        {
            if (!KeyMatches(key, host))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(entry.Auth))
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(entry.Auth));
                var colon = decoded.IndexOf(':');
                if (colon > 0)
                {
                    return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..], path);
                }
            }

            if (!string.IsNullOrEmpty(entry.Username))
            {
                return new RegistryCredentials(entry.Username, entry.Password ?? "", path);
            }
        }

        return null;
    }

    // Keys are "host", "https://host" or "https://host/v1/"; Docker Hub is stored as "https://index.docker.io/v1/".
    private static bool KeyMatches(string key, string host)
    {
        var bare = key.Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal);
        var slash = bare.IndexOf('/');
        if (slash >= 0)
        {
            bare = bare[..slash];
        }

        return bare == host || (host == References.RegistryReference.DockerHub && bare is "index.docker.io" or "registry-1.docker.io");
    }
}
