using Tollgate.Analysis.Model;
using Tollgate.Analysis.Pipeline;
using Tollgate.Images.Content;

namespace Tollgate.Analysis.Accounts;

/// <summary>
/// Accounts from /etc/passwd, /etc/group and /etc/shadow: uid-0 accounts, empty or locked passwords, duplicate ids
/// and which accounts have a login shell. Password hashes never leave this step; only their state does.
/// </summary>
public sealed class AccountsStep : IAnalysisStep
{
    private const string RequestName = "accounts";

    private static readonly HashSet<string> NoLoginShells = new(StringComparer.Ordinal)
    {
        "/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false", "/bin/sync", "/sbin/halt", "/sbin/shutdown",
        "/usr/bin/nologin",
    };

    public string Name => "accounts";

    public IReadOnlyList<ContentRequest> Requests { get; } =
    [
        new() { Name = RequestName, PathMatches = ContentRequest.Globs("/etc/passwd", "/etc/group", "/etc/shadow"), MaxBytes = 8 * 1024 * 1024 },
    ];

    public void Run(AnalysisBuilder analysis)
    {
        var passwd = Read(analysis, "/etc/passwd", AccountFileParser.ParsePasswd);
        if (passwd is null)
        {
            return;
        }

        var groups = Read(analysis, "/etc/group", AccountFileParser.ParseGroup) ?? [];
        var shadow = (Read(analysis, "/etc/shadow", AccountFileParser.ParseShadow) ?? [])
            .GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Hash, StringComparer.Ordinal);

        var users = passwd.Select(p => new UserAccount(p.Name, p.Uid, p.Gid, p.Home, p.Shell)
        {
            PasswordState = PasswordState(p.Password, shadow.TryGetValue(p.Name, out var hash) ? hash : null),
            HasLoginShell = !NoLoginShells.Contains(p.Shell),
        }).ToList();

        analysis.Accounts = new AccountFacts
        {
            Users = users,
            Groups = groups,
            UidZeroUsers = users.Where(u => u.Uid == 0).Select(u => u.Name).ToList(),
            EmptyPasswordUsers = users.Where(u => u.PasswordState == "empty").Select(u => u.Name).ToList(),
            DuplicateUids = Duplicates(users.Select(u => u.Uid)),
            DuplicateGids = Duplicates(groups.Select(g => g.Gid)),
        };
    }

    /// <summary>
    /// "empty": anyone can log in without a password; "locked": '!' or '*' prefix; "hash": a usable hash;
    /// "none": passwd says "x" but shadow has no entry (no usable password).
    /// </summary>
    public static string PasswordState(string passwdField, string? shadowHash)
    {
        var value = passwdField == "x" ? shadowHash : passwdField;
        return value switch
        {
            null => "none",
            "" => "empty",
            _ when value.StartsWith('!') || value.StartsWith('*') => "locked",
            _ => "hash",
        };
    }

    private static List<int> Duplicates(IEnumerable<int> ids) =>
        ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();

    private static List<T>? Read<T>(AnalysisBuilder analysis, string path, Func<TextReader, string, ICollection<string>, List<T>> parse)
    {
        using var reader = KeptText.OpenResolved(analysis.Image, path);
        return reader is null ? null : parse(reader, path, analysis.Warnings);
    }
}
