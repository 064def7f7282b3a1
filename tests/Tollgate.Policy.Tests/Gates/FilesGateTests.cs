using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests.Gates;

public class FilesGateTests
{
    private static readonly PolicyInput Alpine = AlpineImage.Input();

    [Fact]
    public void SuidFiresPerSetuidOrSetgidEntryOnly()
    {
        Assert.Empty(Check.Fire("files", "suid_or_guid_set", Alpine));
        var image = AlpineImage.WithFiles(new FileFact { Path = "/var/mail-spool", Type = "dir", Mode = 0x5FD });
        Check.Single(Check.Fire("files", "suid_or_guid_set", AlpineImage.Input(image)), "files", "suid_or_guid_set", "SUID or SGID found set on file /var/mail-spool. Mode: 0o42775");
    }

    [Fact]
    public void NameMatchUsesPythonMatchOnEveryPath()
    {
        var findings = Check.Fire("files", "name_match", Alpine, "[{name: regex, value: '/etc/passwd$'}]");
        Check.Single(findings, "files", "name_match", "Application of regex matched file found in container: file=/etc/passwd regexp=/etc/passwd$");
        Assert.Empty(Check.Fire("files", "name_match", Alpine, "[{name: regex, value: '.*\\.jks$'}]"));
    }

    [Fact]
    public void AttributeMatchOnModeAndChecksum()
    {
        var sha = "31a94f06f17bc3b9085fccab1d0fa6ee9e79c4a1e4d91f617fa5de95863be015";
        var findings = Check.Fire("files", "attribute_match", Alpine, $"[{{name: filename, value: /etc/passwd}}, {{name: checksum, value: {sha}}}, {{name: checksum_match, value: equals}}, {{name: mode, value: '0644'}}, {{name: mode_op, value: equals}}]");
        Check.Single(findings, "files", "attribute_match", $"filename=/etc/passwd and checksum={sha} op=equals specified_checksum={sha} and mode=0o644 op=equals specified_mode=0o644");
        Assert.Empty(Check.Fire("files", "attribute_match", Alpine, "[{name: filename, value: /etc/passwd}, {name: mode, value: '0o600'}, {name: mode_op, value: equals}]"));
    }

    [Fact]
    public void AttributeMatchOnMissingFileHonoursSkipMissing()
    {
        Assert.Empty(Check.Fire("files", "attribute_match", Alpine, "[{name: filename, value: /etc/httpd.conf}]"));
        Check.Single(Check.Fire("files", "attribute_match", Alpine, "[{name: filename, value: /etc/httpd.conf}, {name: skip_missing, value: 'false'}]"),
            "files", "attribute_match", "filename=/etc/httpd.conf and skip_missing=False");
    }

    [Fact]
    public void ContentRegexMatchReadsAnalyzerHits()
    {
        var input = Alpine with { ContentMatches = new Dictionary<string, IReadOnlyList<string>> { ["/etc/motd"] = ["ALPINE_WELCOME=.*Alpine.*"] } };
        Check.Single(Check.Fire("files", "content_regex_match", input, "[{name: regex_name, value: ALPINE_WELCOME}]"),
            "files", "content_regex_match", "File content analyzer found regexp match in container: file=/etc/motd regexp=ALPINE_WELCOME=.*Alpine.*");
        Assert.Empty(Check.Fire("files", "content_regex_match", input, "[{name: regex_name, value: PASSWORD}]"));
        Assert.Empty(Check.Fire("files", "content_regex_match", Alpine));
    }
}
