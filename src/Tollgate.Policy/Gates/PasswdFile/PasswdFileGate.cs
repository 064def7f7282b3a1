using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Gates.PasswdFile;

public sealed class PasswdFileGate : Gate
{
    public override string Name => "passwd_file";
    public override string Description => "Content checks for /etc/passwd for things like usernames, group ids, shells, or full entries.";

    public override IReadOnlyList<Trigger> Triggers { get; } =
    [
        new ContentNotAvailableTrigger(),
        new PasswdDenyTrigger("blacklist_usernames", "Triggers if specified username is found in the /etc/passwd file", "Blacklisted user '{0}' found in image's /etc/passwd: pentry={1}", PasswdField.UserName,
            TriggerParameter.List("user_names", "List of usernames that will cause the trigger to fire if found in /etc/passwd.", required: true, example: "daemon,ftp") with { Aliases = ["usernameblacklist"] }),
        new PasswdDenyTrigger("blacklist_userids", "Triggers if specified user id is found in the /etc/passwd file", "Blacklisted uid '{0}' found in image's /etc/passwd: pentry={1}", PasswdField.Uid,
            TriggerParameter.IntList("user_ids", "List of userids (numeric) that will cause the trigger to fire if found in /etc/passwd.", required: true, example: "0,1") with { Aliases = ["useridblacklist"] }),
        new PasswdDenyTrigger("blacklist_groupids", "Triggers if specified group id is found in the /etc/passwd file", "Blacklisted gid '{0}' found in image's /etc/passwd: pentry={1}", PasswdField.Gid,
            TriggerParameter.IntList("group_ids", "List of groupids (numeric) that will cause the trigger ot fire if found in /etc/passwd.", required: true, example: "999,20")),
        new PasswdDenyTrigger("blacklist_shells", "Triggers if specified login shell for any user is found in the /etc/passwd file", "Blacklisted shell '{0}' found in image's /etc/passwd: pentry={1}", PasswdField.Shell,
            TriggerParameter.List("shells", "List of shell commands to blacklist.", required: true, example: "/bin/bash,/bin/zsh"), aliases: ["shellmatch"]),
        new PasswdDenyTrigger("blacklist_full_entry", "Triggers if entire specified passwd entry is found in the /etc/passwd file.", "Blacklisted pentry '{0}' found in image's /etc/passwd: pentry={1}", PasswdField.FullEntry,
            TriggerParameter.Str("entry", "Full entry to match in /etc/passwd.", required: true, example: "ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin")),
    ];

    /// <summary>
    /// /etc/passwd as Anchore reads it: user name to the rest of its fields, a later line for the same name
    /// replacing an earlier one. Empty when the file was not retrieved.
    /// </summary>
    internal static IReadOnlyDictionary<string, string[]> Entries(TriggerContext context) =>
        context.Prepared("passwd.entries", c =>
        {
            var entries = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (c.Input.RetrievedFiles.TryGetValue("/etc/passwd", out var text))
            {
                foreach (var raw in text.Split('\n'))
                {
                    var line = raw.Trim();
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var fields = line.Split(':');
                    entries[fields[0]] = fields[1..];
                }
            }

            return (IReadOnlyDictionary<string, string[]>)entries;
        });
}

public enum PasswdField
{
    UserName,
    Uid,
    Gid,
    Shell,
    FullEntry,
}
