using Tollgate.TestSupport;
using Tollgate.TestSupport.Registry;

namespace Tollgate.Service.Tests.Processes;

/// <summary>
/// A real SBOM (syft's JSON of Alpine) behind a named pipe: a worker that starts reading it blocks until the test
/// feeds it, which pins a job "mid-analysis" deterministically, however fast the machine.
/// </summary>
public sealed class StalledSbom
{
    public static readonly string Document = TestPaths.Corpus("samples", "syft", "alpine.syft.json");

    private StalledSbom(string path) => Path = path;

    public string Path { get; }

    /// <summary>The same document as a plain file: a job that runs at once.</summary>
    public static string SourceOfDocument => Workers.AnalysisRunner.SbomPrefix + Document;

    /// <summary>The job payload that makes the analysis worker read this pipe.</summary>
    public string Source => Workers.AnalysisRunner.SbomPrefix + Path;

    public static async Task<StalledSbom> CreateAsync(string dir)
    {
        var path = System.IO.Path.Combine(dir, "stalled-" + Guid.NewGuid().ToString("n")[..8] + ".json");
        await ProcessRunner.RunAsync("mkfifo", [path]);
        return new StalledSbom(path);
    }

    /// <summary>Writes the document into the pipe once a reader opens it (opening for write blocks until then).</summary>
    public Task FeedAsync() => Task.Run(async () =>
    {
        await using var pipe = new FileStream(Path, FileMode.Open, FileAccess.Write);
        await using var document = File.OpenRead(Document);
        await document.CopyToAsync(pipe);
    });
}
