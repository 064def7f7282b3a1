using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Tollgate.TestSupport;

namespace Tollgate.Service.Tests;

/// <summary>LogFormat=json: every line the console logger writes is one JSON object with the structured values.</summary>
public sealed class JsonLogsTests
{
    [Fact]
    public async Task JsonLogFormatWritesOneObjectPerLine()
    {
        var dir = TestPaths.NewTempDir();
        var original = Console.Out;
        var captured = new StringWriter();
        try
        {
            // The console logger takes Console.Out when the app is built; disposing the app flushes its queue.
            Console.SetOut(captured);
            var options = new ServiceOptions { Store = "sqlite:" + Path.Combine(dir, "t.db"), LogFormat = ServiceOptions.JsonLogs };
            await using (var app = ServiceApp.Build(options, "json-logs-key", "http://127.0.0.1:0"))
            {
                app.Logger.LogWarning("feed {Source} is {Days} days old", "alpine-secdb", 9);
            }
        }
        finally
        {
            Console.SetOut(original);
            Directory.Delete(dir, recursive: true);
        }

        var line = captured.ToString().Split('\n').Single(l => l.Contains("alpine-secdb", StringComparison.Ordinal));
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Warning", entry.GetProperty("LogLevel").GetString());
        Assert.Equal("feed alpine-secdb is 9 days old", entry.GetProperty("Message").GetString());
        Assert.Equal(9, entry.GetProperty("State").GetProperty("Days").GetInt32());
        Assert.EndsWith("Z", entry.GetProperty("Timestamp").GetString());
    }
}
