using System.Text.Json.Nodes;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Gates;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests;

public class SpecAndEnvelopeTests
{
    [Fact]
    public void RegistryHasEveryActiveAnchoreTrigger()
    {
        string[] anchore =
        [
            "always/always", "dockerfile/instruction", "dockerfile/effective_user", "dockerfile/exposed_ports", "dockerfile/no_dockerfile_provided",
            "vulnerabilities/package", "vulnerabilities/blacklist", "vulnerabilities/stale_feed_data", "vulnerabilities/vulnerability_data_unavailable",
            "packages/required_package", "packages/blacklist", "packages/verify", "files/content_regex_match", "files/name_match", "files/attribute_match",
            "files/suid_or_guid_set", "passwd_file/content_not_available", "passwd_file/blacklist_usernames", "passwd_file/blacklist_userids",
            "passwd_file/blacklist_groupids", "passwd_file/blacklist_shells", "passwd_file/blacklist_full_entry", "retrieved_files/content_not_available",
            "retrieved_files/content_regex", "secret_scans/content_regex_checks", "licenses/blacklist_exact_match", "licenses/blacklist_partial_match",
            "metadata/attribute", "malware/scans", "malware/scan_not_run", "npms/newer_version_in_feed", "npms/unknown_in_feeds",
            "npms/version_not_in_feeds", "npms/feed_data_unavailable", "npms/blacklisted_name_version", "ruby_gems/newer_version_found_in_feed",
            "ruby_gems/not_found_in_feed", "ruby_gems/version_not_found_in_feed", "ruby_gems/feed_data_unavailable", "ruby_gems/blacklist",
        ];
        var active = GateRegistry.Default.Gates.Where(g => g.State == LifecycleState.Active && !g.IsExtension).SelectMany(g => g.Triggers.Select(t => $"{g.Name}/{t.Name}"));
        Assert.Equal(anchore.Order(), active.Order());
        Assert.Equal(40, anchore.Length);
    }

    [Fact]
    public void SpecDescribesEveryTriggerAndParameter()
    {
        var spec = PolicySpec.Build(GateRegistry.Default);
        var package = spec.OfType<JsonObject>().Single(g => (string)g["name"]! == "vulnerabilities")["triggers"]!.AsArray().OfType<JsonObject>().Single(t => (string)t["name"]! == "package");
        var severity = package["parameters"]!.AsArray().OfType<JsonObject>().Single(p => (string)p["name"]! == "severity");
        Assert.Equal(6, severity["validator"]!["enum"]!.AsArray().Count);
        Assert.All(spec.OfType<JsonObject>().SelectMany(g => g["triggers"]!.AsArray().OfType<JsonObject>()), t => Assert.False(string.IsNullOrEmpty((string?)t["description"])));
        Assert.Contains(spec.OfType<JsonObject>(), g => (string)g["name"]! == "anchoresec" && (string)g["state"]! == "eol" && (string)g["superceded_by"]! == "vulnerabilities");
    }

    [Fact]
    public void AnchoreEnvelopeHasTheDecisionTable()
    {
        var bundle = TestBundles.WithRules("- {id: suid, gate: files, trigger: suid_or_guid_set, action: STOP, params: []}",
            "[{id: ok, gate: files, trigger_id: 639f6f1177735759703e928c14714a59}]");
        var input = AlpineImage.Input(AlpineImage.WithFiles(
            new Analysis.Model.FileFact { Path = "/usr/bin/chage", Type = "file", Mode = 0x9ED },
            new Analysis.Model.FileFact { Path = "/usr/bin/su", Type = "file", Mode = 0x9ED }));
        var evaluation = Check.Run(bundle, input);
        var envelope = AnchoreEnvelope.Build(evaluation, bundle);
        Assert.Equal("stop", (string)envelope["final_action"]!);
        Assert.Equal("fail", (string)envelope["status"]!);
        Assert.Equal("docker.io/library/alpine:3.20.3", (string)envelope["tag"]!);
        var table = envelope["result"]!["91ef0af61f39ece4d6710e465df5ed6ca12112358344fd51ae6a3b886634148b"]!["result"]!;
        Assert.Equal(AnchoreEnvelope.Header, table["header"]!.AsArray().Select(h => (string)h!));
        var rows = table["rows"]!.AsArray();
        Assert.Equal(2, (int)table["row_count"]!);
        var chage = rows.Single(r => (string)r![2]! == "639f6f1177735759703e928c14714a59")!;
        Assert.Equal("go", (string)chage[6]!);
        Assert.Equal("ok", (string)chage[7]!["matched_rule_id"]!);
        Assert.Equal("stop", (string)rows.Single(r => r![7] is JsonValue)![6]!);
        Assert.Equal("1_0", (string)envelope["bundle"]!["version"]!);
    }
}
