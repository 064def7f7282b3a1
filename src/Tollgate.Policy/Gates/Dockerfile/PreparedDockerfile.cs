using System.Text.RegularExpressions;
using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.Dockerfile;

/// <summary>
/// The Dockerfile as Anchore's dockerfile gate sees it: logical lines (continuations joined) grouped by
/// upper-cased directive, each line kept whole ("USER app"). Mode is "actual" for a Dockerfile the user gave,
/// "guessed" for one rebuilt from history, null when there is nothing to read.
/// </summary>
public sealed partial record PreparedDockerfile(string? Mode, IReadOnlyDictionary<string, List<string>> Lines)
{
    public bool IsActual => string.Equals(Mode, "actual", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Get(string directive) => Lines.TryGetValue(directive, out var l) ? l : [];

    public static PreparedDockerfile For(TriggerContext context) => context.Prepared("dockerfile", c => Prepare(c.Analysis));

    public static PreparedDockerfile Prepare(ImageAnalysis analysis)
    {
        var facts = analysis.Facts;
        if (facts?.Dockerfile is { } text && facts.DockerfileProvided)
        {
            return new PreparedDockerfile("actual", Parse(text));
        }

        var guessed = facts?.Dockerfile ?? FromHistory(analysis);
        if (string.IsNullOrWhiteSpace(guessed))
        {
            return new PreparedDockerfile(null, new Dictionary<string, List<string>>());
        }

        var lines = Parse(guessed);
        CompleteFromConfig(lines, analysis);
        return new PreparedDockerfile("guessed", lines);
    }

    /// <summary>Anchore's line parse: strip, skip comments, join "\" continuations, split the directive off.</summary>
    public static Dictionary<string, List<string>> Parse(string text)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var buffer = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                buffer += line[..^1];
                continue;
            }

            buffer += line;
            var space = buffer.IndexOf(' ');
            var directive = (space < 0 ? buffer : buffer[..space]).ToUpperInvariant();
            if (!result.TryGetValue(directive, out var list))
            {
                result[directive] = list = [];
            }

            list.Add(buffer);
            buffer = "";
        }

        return result;
    }

    /// <summary>Rebuilds Dockerfile lines from image history the way `docker history` shows them.</summary>
    public static string FromHistory(ImageAnalysis analysis)
    {
        var lines = new List<string>();
        foreach (var entry in analysis.Image.History)
        {
            if (entry.CreatedBy is { Length: > 0 } by)
            {
                lines.Add(HistoryLine(by));
            }
        }

        return string.Join('\n', lines);
    }

    public static string HistoryLine(string createdBy)
    {
        var line = createdBy.ReplaceLineEndings(" ").Trim();
        if (line.EndsWith("# buildkit", StringComparison.Ordinal))
        {
            line = line[..^"# buildkit".Length].TrimEnd();
        }

        line = BuildArgsPrefix().Replace(line, "");
        const string nop = "/bin/sh -c #(nop)";
        if (line.StartsWith(nop, StringComparison.Ordinal))
        {
            line = line[nop.Length..].Trim();
        }
        else if (line.StartsWith("/bin/sh -c ", StringComparison.Ordinal))
        {
            line = "RUN " + line["/bin/sh -c ".Length..].Trim();
        }
        else if (line.StartsWith("RUN /bin/sh -c ", StringComparison.Ordinal))
        {
            line = "RUN " + line["RUN /bin/sh -c ".Length..].Trim();
        }

        // BuildKit records EXPOSE as Go's map print: "EXPOSE map[22/tcp:{} 80/tcp:{}]".
        var map = ExposeMap().Match(line);
        return map.Success ? "EXPOSE " + string.Join(' ', PortInMap().Matches(map.Groups[1].Value).Select(m => m.Groups[1].Value)) : line;
    }

    /// <summary>
    /// History written by tools other than `docker build` (umoci, buildah config) may not say USER or EXPOSE;
    /// the image config is the truth, so a guessed Dockerfile gets the lines it is missing (beyond Anchore).
    /// </summary>
    private static void CompleteFromConfig(Dictionary<string, List<string>> lines, ImageAnalysis analysis)
    {
        var config = analysis.Image.Config;
        if (config.ExposedPorts.Count > 0)
        {
            var listed = lines.GetValueOrDefault("EXPOSE", []).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)).ToHashSet();
            var missing = config.ExposedPorts.Where(p => !listed.Contains(p) && !listed.Contains(p.Split('/')[0])).ToList();
            if (missing.Count > 0)
            {
                Add(lines, "EXPOSE", "EXPOSE " + string.Join(' ', missing));
            }
        }

        var lastUser = lines.GetValueOrDefault("USER")?.LastOrDefault();
        if (!string.IsNullOrEmpty(config.User) && lastUser != "USER " + config.User)
        {
            Add(lines, "USER", "USER " + config.User);
        }

        if (config.Healthcheck is { Test.Count: > 0 } hc && !lines.ContainsKey("HEALTHCHECK"))
        {
            Add(lines, "HEALTHCHECK", hc.Test[0] == "NONE" ? "HEALTHCHECK NONE" : "HEALTHCHECK " + string.Join(' ', hc.Test));
        }
    }

    private static void Add(Dictionary<string, List<string>> lines, string directive, string line)
    {
        if (!lines.TryGetValue(directive, out var list))
        {
            lines[directive] = list = [];
        }

        list.Add(line);
    }

    [GeneratedRegex(@"^\|\d+(\s+\S+=\S*)*\s+(?=/bin/sh -c )")]
    private static partial Regex BuildArgsPrefix();

    [GeneratedRegex(@"^EXPOSE\s+map\[(.*)\]$")]
    private static partial Regex ExposeMap();

    [GeneratedRegex(@"([0-9]+(?:/[a-z]+)?):\{\}")]
    private static partial Regex PortInMap();
}
