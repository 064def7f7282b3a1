namespace Tollgate.Cli.CommandLine;

/// <summary>
/// Arguments after the verb: positionals, options with values ("--db FILE" or "--db=FILE"), flags,
/// and the repeatable "-o FORMAT[=FILE]". Each command declares which options take values, so
/// an unknown option is an error rather than silently ignored. "--quiet"/"-q" is accepted by every command.
/// An option declared both as a value option and as a flag takes an optional value: "--opt=VALUE", or "--opt VALUE"
/// when the next argument does not start with '-'; alone it is a flag.
/// </summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; private init; } = [];
    public IReadOnlyList<OutputTarget> Outputs { get; private init; } = [];

    /// <summary>--quiet or -q: no progress on stderr, only warnings and errors.</summary>
    public bool Quiet { get; private init; }

    public static ParsedArgs Parse(IReadOnlyList<string> args, ISet<string> valueOptions, ISet<string> flagOptions)
    {
        var parsed = new ParsedArgs();
        var positionals = new List<string>();
        var outputs = new List<OutputTarget>();
        var quiet = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--quiet" or "-q")
            {
                quiet = true;
                continue;
            }

            if (arg is "-o" or "--output")
            {
                outputs.Add(OutputTarget.Parse(NextValue(args, ref i, arg)));
                continue;
            }

            if (arg.StartsWith("-o", StringComparison.Ordinal) && arg.Length > 2 && !arg.StartsWith("--", StringComparison.Ordinal))
            {
                outputs.Add(OutputTarget.Parse(arg[2..]));
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                positionals.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[..eq] : arg;
            var optionalValueAbsent = flagOptions.Contains(name) && eq < 0 && (i + 1 >= args.Count || args[i + 1].StartsWith('-'));
            if (valueOptions.Contains(name) && !optionalValueAbsent)
            {
                var value = eq > 0 ? arg[(eq + 1)..] : NextValue(args, ref i, name);
                if (!parsed._values.TryGetValue(name, out var list))
                {
                    parsed._values[name] = list = [];
                }

                list.Add(value);
            }
            else if (flagOptions.Contains(name) && eq < 0)
            {
                parsed._flags.Add(name);
            }
            else
            {
                throw new UsageException($"unknown option '{name}'");
            }
        }

        return new ParsedArgs { Positionals = positionals, Outputs = outputs, Quiet = quiet }.CopyFrom(parsed);
    }

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool Flag(string name) => _flags.Contains(name);

    public string RequirePositional(int index, string what) =>
        index < Positionals.Count ? Positionals[index] : throw new UsageException($"missing {what}");

    private ParsedArgs CopyFrom(ParsedArgs other)
    {
        foreach (var (k, v) in other._values)
        {
            _values[k] = v;
        }

        _flags.UnionWith(other._flags);
        return this;
    }

    private static string NextValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"option '{name}' needs a value");
        }

        return args[++i];
    }
}
