using System.Text;
using System.Text.RegularExpressions;
using Tollgate.Images.Model;

namespace Tollgate.Analysis.Facts;

/// <summary>
/// Rebuilds a Dockerfile from the image history. Classic builder entries ("/bin/sh -c #(nop)  CMD [..]",
/// "/bin/sh -c apt-get …", "|2 A=1 B=2 /bin/sh -c …") and BuildKit ones ("RUN /bin/sh -c … # buildkit",
/// "RUN |1 V=1 /bin/sh -c …") become the instructions that made them; "ADD file:… in /" loses its "in".
/// </summary>
public static partial class DockerfileRebuilder
{
    public static string Rebuild(IReadOnlyList<HistoryEntry> history)
    {
        var sb = new StringBuilder("# rebuilt from the image history; build-time ARG values and COPY sources are not recorded\n");
        foreach (var entry in history)
        {
            sb.Append(Instruction(entry.CreatedBy)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>One history entry's created_by as a Dockerfile instruction.</summary>
    public static string Instruction(string? createdBy)
    {
        if (string.IsNullOrWhiteSpace(createdBy))
        {
            return "# (no instruction recorded)";
        }

        var text = createdBy.Trim();
        if (text.EndsWith("# buildkit", StringComparison.Ordinal))
        {
            text = text[..^"# buildkit".Length].TrimEnd();
        }

        if (text.StartsWith("/bin/sh -c #(nop)", StringComparison.Ordinal))
        {
            return Tidy(text["/bin/sh -c #(nop)".Length..].Trim());
        }

        if (text.StartsWith("RUN ", StringComparison.Ordinal))
        {
            text = text[4..].TrimStart();
        }
        else if (!text.StartsWith('|') && !text.StartsWith("/bin/sh -c ", StringComparison.Ordinal))
        {
            // BuildKit writes other instructions as written (ENV, COPY, WORKDIR, …); a bare command was an exec-form RUN.
            return Instructions().IsMatch(text) ? Tidy(text) : "RUN " + text;
        }

        text = BuildArgs().Replace(text, "");
        if (text.StartsWith("/bin/sh -c ", StringComparison.Ordinal))
        {
            text = text["/bin/sh -c ".Length..];
        }

        return "RUN " + text.Trim();
    }

    // "ADD file:ab12 in / " → "ADD file:ab12 /"; "EXPOSE map[80/tcp:{} 443/tcp:{}]" → "EXPOSE 80/tcp 443/tcp".
    private static string Tidy(string instruction)
    {
        var copy = CopyIn().Match(instruction);
        if (copy.Success)
        {
            return $"{copy.Groups[1].Value} {copy.Groups[2].Value} {copy.Groups[3].Value.Trim()}";
        }

        var expose = ExposeMap().Match(instruction);
        if (expose.Success)
        {
            return "EXPOSE " + string.Join(' ', expose.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace(":{}", "")));
        }

        return instruction;
    }

    [GeneratedRegex(@"^\|\d+(?:\s+\S+=\S*)*\s+")]
    private static partial Regex BuildArgs();

    [GeneratedRegex(@"^(ADD|COPY)\s+(.+?)\s+in\s+(.+)$")]
    private static partial Regex CopyIn();

    [GeneratedRegex(@"^EXPOSE\s+map\[(.*)\]$")]
    private static partial Regex ExposeMap();

    [GeneratedRegex(@"^(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\b")]
    private static partial Regex Instructions();
}
