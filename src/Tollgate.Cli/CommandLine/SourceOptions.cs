using Tollgate.Images;
using Tollgate.Images.Content;

namespace Tollgate.Cli.CommandLine;

/// <summary>
/// The options every command that reads an image shares (--platform, credentials, --insecure, --ca-file), declared
/// and turned into <see cref="ImageLoadOptions"/> in one place. Commands add these sets to their own.
/// </summary>
public static class SourceOptions
{
    public static IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { "--platform", "--username", "--password", "--ca-file" };

    public static IReadOnlySet<string> FlagOptions { get; } = new HashSet<string> { "--insecure", "--password-stdin" };

    /// <summary>Usage lines for the shared options, to append to a command's usage text.</summary>
    public const string Usage = """
          --platform OS/ARCH[/VARIANT]  image to pick from a multi-platform index (default linux/amd64)
          --username USER               registry user (else TOLLGATE_REGISTRY_USERNAME, else ~/.docker/config.json)
          --password PASS               registry password (or --password-stdin; else TOLLGATE_REGISTRY_PASSWORD)
          --password-stdin              read the registry password from the first line of stdin
          --insecure                    allow plain HTTP to the registry (TLS is still verified when used)
          --ca-file PEM                 extra CA certificates trusted for registry TLS
        sources: oci-dir:PATH[:tag|@digest]  oci-archive:PATH[:tag]  docker-archive:PATH[:repo:tag]  dir:PATH
                 registry:HOST/REPO[:tag|@digest] (a bare reference means registry; a bare path is detected)
        """;

    /// <summary>Union of a command's own options with the shared ones.</summary>
    public static IReadOnlySet<string> With(IReadOnlySet<string> shared, params string[] own) => shared.Concat(own).ToHashSet();

    public static ImageLoadOptions Build(ParsedArgs args, IReadOnlyList<ContentRequest>? requests = null)
    {
        var password = args.Value("--password");
        if (args.Flag("--password-stdin"))
        {
            if (password is not null)
            {
                throw new UsageException("give either --password or --password-stdin, not both");
            }

            password = Console.In.ReadLine()?.TrimEnd('\r', '\n')
                ?? throw new UsageException("--password-stdin: nothing on stdin");
        }

        var username = args.Value("--username");
        if (password is not null && username is null)
        {
            throw new UsageException("a password needs --username");
        }

        var caFile = args.Value("--ca-file");
        if (caFile is not null && !File.Exists(caFile))
        {
            throw new UsageException($"--ca-file: no such file {caFile}");
        }

        return new ImageLoadOptions
        {
            Platform = args.Value("--platform"),
            Username = username,
            Password = password,
            Insecure = args.Flag("--insecure"),
            CaFile = caFile,
            ContentRequests = requests ?? [],
        };
    }
}
