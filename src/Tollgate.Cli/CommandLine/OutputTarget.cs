namespace Tollgate.Cli.CommandLine;

/// <summary>One "-o FORMAT[=FILE]": a format name and where it goes (stdout when no file).</summary>
public sealed record OutputTarget(string Format, string? File)
{
    public static OutputTarget Parse(string spec)
    {
        var eq = spec.IndexOf('=');
        var format = (eq < 0 ? spec : spec[..eq]).Trim();
        if (format.Length == 0)
        {
            throw new UsageException($"output '{spec}' names no format");
        }

        var file = eq < 0 ? null : spec[(eq + 1)..];
        return new OutputTarget(format, string.IsNullOrEmpty(file) ? null : file);
    }

    /// <summary>Checks every target against the formats a command supports; more than one to stdout is an error.</summary>
    public static IReadOnlyList<OutputTarget> Validate(IReadOnlyList<OutputTarget> targets, IReadOnlyCollection<string> supported, string defaultFormat)
    {
        if (targets.Count == 0)
        {
            return [new OutputTarget(defaultFormat, null)];
        }

        foreach (var t in targets.Where(t => !supported.Contains(t.Format)))
        {
            throw new UsageException($"unknown output format '{t.Format}' (supported: {string.Join(", ", supported)})");
        }

        if (targets.Count(t => t.File is null) > 1)
        {
            throw new UsageException("only one output may go to stdout; give the others a file with -o FORMAT=FILE");
        }

        return targets;
    }

    /// <summary>Binary form of <see cref="Write"/> for encoders that write to a stream (same temp-file-and-rename rule).</summary>
    public void WriteBytes(Action<Stream> render)
    {
        if (File is null)
        {
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            render(stdout);
            stdout.Flush();
            return;
        }

        Commit(tmp =>
        {
            using var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write);
            render(stream);
        });
    }

    /// <summary>
    /// Writes through a temp file renamed into place, so a failed run never leaves a partial report
    /// that looks complete.
    /// </summary>
    public void Write(Action<TextWriter> render)
    {
        if (File is null)
        {
            var stdout = Console.Out;
            render(stdout);
            stdout.Flush();
            return;
        }

        Commit(tmp =>
        {
            using var writer = new StreamWriter(tmp, false, new System.Text.UTF8Encoding(false));
            render(writer);
        });
    }

    private void Commit(Action<string> writeTemp)
    {
        var full = Path.GetFullPath(File!);
        var tmp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            writeTemp(tmp);
            System.IO.File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (System.IO.File.Exists(tmp))
            {
                System.IO.File.Delete(tmp);
            }
        }
    }
}
