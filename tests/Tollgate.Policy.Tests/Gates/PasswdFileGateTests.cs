using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests.Gates;

public class PasswdFileGateTests
{
    private static readonly PolicyInput Alpine = AlpineImage.Input();

    [Fact]
    public void ContentNotAvailableFiresOnlyWithoutPasswd()
    {
        Assert.Empty(Check.Fire("passwd_file", "content_not_available", Alpine));
        Check.Single(Check.Fire("passwd_file", "content_not_available", Alpine with { RetrievedFiles = new Dictionary<string, string>() }),
            "passwd_file", "content_not_available", "Cannot locate /etc/passwd in image stored files archive: check analyzer settings.");
    }

    [Theory]
    [InlineData("blacklist_usernames", "user_names", "daemon", "Blacklisted user 'daemon' found in image's /etc/passwd: pentry=daemon:x:2:2:daemon:/sbin:/sbin/nologin")]
    [InlineData("blacklist_usernames", "usernameblacklist", "daemon", "Blacklisted user 'daemon' found in image's /etc/passwd: pentry=daemon:x:2:2:daemon:/sbin:/sbin/nologin")]
    [InlineData("blacklist_userids", "user_ids", "405", "Blacklisted uid '405' found in image's /etc/passwd: pentry=guest:x:405:100:guest:/dev/null:/sbin/nologin")]
    [InlineData("blacklist_groupids", "group_ids", "7", "Blacklisted gid '7' found in image's /etc/passwd: pentry=lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin")]
    [InlineData("blacklist_shells", "shells", "/bin/sync", "Blacklisted shell '/bin/sync' found in image's /etc/passwd: pentry=sync:x:5:0:sync:/sbin:/bin/sync")]
    [InlineData("shellmatch", "shells", "/bin/sync", "Blacklisted shell '/bin/sync' found in image's /etc/passwd: pentry=sync:x:5:0:sync:/sbin:/bin/sync")]
    [InlineData("blacklist_full_entry", "entry", "sync:x:5:0:sync:/sbin:/bin/sync", "Blacklisted pentry 'sync:x:5:0:sync:/sbin:/bin/sync' found in image's /etc/passwd: pentry=sync:x:5:0:sync:/sbin:/bin/sync")]
    public void DenyListsFireOnTheMatchingEntry(string trigger, string param, string value, string message)
    {
        var findings = Check.Fire("passwd_file", trigger, Alpine, $"[{{name: {param}, value: '{value}'}}]");
        var canonical = trigger == "shellmatch" ? "blacklist_shells" : trigger;
        Check.Single(findings, "passwd_file", canonical, message);
    }

    [Theory]
    [InlineData("blacklist_usernames", "user_names", "www-data")]
    [InlineData("blacklist_userids", "user_ids", "1000")]
    [InlineData("blacklist_groupids", "group_ids", "999")]
    [InlineData("blacklist_shells", "shells", "/bin/zsh")]
    [InlineData("blacklist_full_entry", "entry", "sync:x:5:0:sync:/sbin:/bin/false")]
    public void DenyListsAreQuietWithoutAMatch(string trigger, string param, string value) =>
        Assert.Empty(Check.Fire("passwd_file", trigger, Alpine, $"[{{name: {param}, value: '{value}'}}]"));
}
