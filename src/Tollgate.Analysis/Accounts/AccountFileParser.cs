namespace Tollgate.Analysis.Accounts;

public sealed record PasswdLine(string Name, string Password, int Uid, int Gid, string Home, string Shell);

public sealed record ShadowLine(string Name, string Hash);

/// <summary>
/// Pure parsers of /etc/passwd, /etc/group and /etc/shadow (colon-separated, one account per line). Malformed lines
/// are skipped with a warning naming the file and line; comments and blank lines are ignored.
/// </summary>
public static class AccountFileParser
{
    public static List<PasswdLine> ParsePasswd(TextReader reader, string fileName, ICollection<string> warnings) =>
        Lines(reader, fileName, 7, warnings, f =>
            int.TryParse(f[2], out var uid) && int.TryParse(f[3], out var gid)
                ? new PasswdLine(f[0], f[1], uid, gid, f[5], f[6])
                : null);

    public static List<Model.GroupAccount> ParseGroup(TextReader reader, string fileName, ICollection<string> warnings) =>
        Lines(reader, fileName, 4, warnings, f =>
            int.TryParse(f[2], out var gid)
                ? new Model.GroupAccount(f[0], gid, f[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                : null);

    public static List<ShadowLine> ParseShadow(TextReader reader, string fileName, ICollection<string> warnings) =>
        Lines(reader, fileName, 2, warnings, f => new ShadowLine(f[0], f[1]));

    private static List<T> Lines<T>(TextReader reader, string fileName, int minFields, ICollection<string> warnings, Func<string[], T?> map)
        where T : class
    {
        var result = new List<T>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // NIS compat entries ("+", "+@group", "-user") name no local account.
            if (line[0] is '+' or '-')
            {
                continue;
            }

            var fields = line.Split(':');
            var item = fields.Length >= minFields && fields[0].Length > 0 ? map(fields) : null;
            if (item is null)
            {
                warnings.Add($"{fileName}: line {lineNo} is malformed (expected {minFields} ':'-separated fields with numeric ids)");
                continue;
            }

            result.Add(item);
        }

        return result;
    }
}
