using Tollgate.Analysis.Model;
using Tollgate.Images.FileTree;

namespace Tollgate.Analysis.Catalogers.Os.Apk;

/// <summary>
/// Pure parser of apk's installed database: records of "X:value" lines separated by blank lines. F: sets the current
/// directory, R: names a file in it, a:/M: give file/dir owner and mode, Z: the file checksum. A record without P:
/// or V:, or with a line that is not "X:value", is skipped with a warning naming the file and line.
/// </summary>
public static class ApkDatabaseParser
{
    public const int MaxValueChars = 256 * 1024;

    public static IReadOnlyList<ApkEntry> Parse(TextReader reader, string fileName, ICollection<string> warnings)
    {
        var entries = new List<ApkEntry>();
        var record = new RecordBuilder();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                record.Finish(entries, fileName, warnings);
                record = new RecordBuilder { Line = lineNo + 1 };
                continue;
            }

            if (line.Length < 2 || line[1] != ':')
            {
                record.Problem ??= $"line {lineNo} is not 'X:value'";
                continue;
            }

            var value = line[2..];
            if (value.Length > MaxValueChars)
            {
                warnings.Add($"{fileName}: field {line[0]} at line {lineNo} is longer than {MaxValueChars} characters; cut");
                value = value[..MaxValueChars];
            }

            record.Add(line[0], value);
        }

        record.Finish(entries, fileName, warnings);
        return entries;
    }

    /// <summary>"Q1" + base64 → ("sha1", hex); "Q2" → ("sha256", hex); anything else is kept as ("apk", raw).</summary>
    public static Digest? DecodeChecksum(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 2 && value[0] == 'Q' && value[1] is '1' or '2')
        {
            var bytes = new byte[value.Length];
            if (Convert.TryFromBase64String(value[2..], bytes, out var written))
            {
                return new Digest(value[1] == '1' ? "sha1" : "sha256", Convert.ToHexStringLower(bytes.AsSpan(0, written)));
            }
        }

        return new Digest("apk", value);
    }

    private sealed class RecordBuilder
    {
        private readonly Dictionary<char, string> _fields = [];
        private readonly List<OwnedFile> _files = [];
        private string _dir = "/";
        private OwnedFile? _file;

        public int Line { get; init; } = 1;
        public string? Problem { get; set; }

        public void Add(char key, string value)
        {
            switch (key)
            {
                case 'F':
                    FlushFile();
                    _dir = PathUtil.Normalize("/" + value);
                    break;
                case 'R':
                    FlushFile();
                    _file = new OwnedFile(PathUtil.Join(_dir, value));
                    break;
                case 'a' when _file is not null:
                    _file = _file with { Mode = ParseMode(value) };
                    break;
                case 'Z' when _file is not null:
                    _file = _file with { Digest = DecodeChecksum(value) };
                    break;
                case 'M' or 'a':
                    break; // directory attributes: directories are not owned files
                default:
                    _fields[key] = value;
                    break;
            }
        }

        public void Finish(List<ApkEntry> entries, string fileName, ICollection<string> warnings)
        {
            FlushFile();
            if (_fields.Count == 0 && _files.Count == 0 && Problem is null)
            {
                return;
            }

            var name = _fields.GetValueOrDefault('P');
            var version = _fields.GetValueOrDefault('V');
            if (Problem is not null || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
            {
                warnings.Add($"{fileName}: record at line {Line} skipped: {Problem ?? (string.IsNullOrEmpty(name) ? "no P: (name)" : $"package {name} has no V: (version)")}");
                return;
            }

            entries.Add(new ApkEntry
            {
                Name = name,
                Version = version,
                Architecture = _fields.GetValueOrDefault('A'),
                Origin = _fields.GetValueOrDefault('o'),
                License = _fields.GetValueOrDefault('L'),
                Description = _fields.GetValueOrDefault('T'),
                Url = _fields.GetValueOrDefault('U'),
                Maintainer = _fields.GetValueOrDefault('m'),
                Size = Long('S'),
                InstalledSize = Long('I'),
                BuildTime = Long('t'),
                Commit = _fields.GetValueOrDefault('c'),
                PullChecksum = _fields.GetValueOrDefault('C'),
                ProviderPriority = _fields.GetValueOrDefault('k'),
                Depends = Words('D'),
                Provides = Words('p'),
                InstallIf = Words('i'),
                Replaces = Words('r'),
                Files = _files.ToList(),
                Line = Line,
            });
        }

        private void FlushFile()
        {
            if (_file is not null)
            {
                _files.Add(_file);
                _file = null;
            }
        }

        private long? Long(char key) => long.TryParse(_fields.GetValueOrDefault(key), out var v) ? v : null;

        private string[] Words(char key) =>
            _fields.GetValueOrDefault(key)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

        // "uid:gid:mode[:checksum]" with an octal mode ("755" or "0755").
        private static int? ParseMode(string value)
        {
            var parts = value.Split(':');
            if (parts.Length < 3)
            {
                return null;
            }

            try
            {
                return Convert.ToInt32(parts[2], 8);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                return null;
            }
        }
    }
}
