using System.Security.Cryptography;
using System.Text;
using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests.Gates;

public class OtherGatesTests
{
    private static readonly PolicyInput Alpine = AlpineImage.Input();

    [Fact]
    public void AlwaysFiresWithTheFixedId()
    {
        var f = Assert.Single(Check.Fire("always", "always", Alpine));
        Assert.Equal("Unconditional trigger match", f.Message);
        Assert.Equal("always", f.TriggerId);
    }

    [Fact]
    public void RetrievedFilesContentNotAvailable()
    {
        Assert.Empty(Check.Fire("retrieved_files", "content_not_available", Alpine, "[{name: path, value: /etc/passwd}]"));
        Check.Single(Check.Fire("retrieved_files", "content_not_available", Alpine, "[{name: path, value: /etc/httpd.conf}]"),
            "retrieved_files", "content_not_available", "Cannot locate file in the image analysis");
    }

    [Fact]
    public void RetrievedFilesContentRegexUsesRuleIdPlusPath()
    {
        var f = Assert.Single(Check.Fire("retrieved_files", "content_regex", Alpine, "[{name: path, value: /etc/passwd}, {name: regex, value: 'root:.*'}, {name: check, value: match}]"));
        Assert.Equal("Content regex 'root:.*' check 'match' found in retrieved file '/etc/passwd'", f.Message);
        Assert.Equal("r1+file:///etc/passwd", f.TriggerId);
        Assert.Empty(Check.Fire("retrieved_files", "content_regex", Alpine, "[{name: path, value: /etc/passwd}, {name: regex, value: 'root:.*'}, {name: check, value: no_match}]"));
    }

    [Fact]
    public void SecretScansReportAnchoresRegexString()
    {
        var secret = new SecretFinding { RuleId = "private-key", Title = "Private key", Severity = "HIGH", Kind = "file", Where = "/root/.ssh/id_rsa", Layer = 1, Redacted = "-----BEGIN RSA PRIVATE KEY-----****" };
        var input = AlpineImage.Input(AlpineImage.Analysis with { Secrets = [secret] });
        Check.Single(Check.Fire("secret_scans", "content_regex_checks", input), "secret_scans", "content_regex_checks",
            "Secret content search analyzer found regexp match in container: file=/root/.ssh/id_rsa regexp=PRIV_KEY=(?i)-+BEGIN(.*)PRIVATE KEY-+");
        Assert.Empty(Check.Fire("secret_scans", "content_regex_checks", input, "[{name: content_regex_name, value: AWS_ACCESS_KEY}]"));
        Assert.Empty(Check.Fire("secret_scans", "content_regex_checks", input, "[{name: filename_regex, value: '/etc/.*'}]"));
        Check.Single(Check.Fire("secret_scans", "content_regex_checks", Alpine, "[{name: match_type, value: notfound}]"), "secret_scans", "content_regex_checks",
            "Secret content search analyzer did not find regexp match in container: filename_regex=* content_regex_name=all");
    }

    [Fact]
    public void MetadataAttributeCastsToTheImageValueType()
    {
        Check.Single(Check.Fire("metadata", "attribute", Alpine, "[{name: attribute, value: distro}, {name: check, value: '='}, {name: value, value: alpine}]"),
            "metadata", "attribute", "Attribute check for attribute: 'distro' check: '=' check_value: 'alpine' matched image value: 'alpine'");
        Check.Single(Check.Fire("metadata", "attribute", Alpine, "[{name: attribute, value: layer_count}, {name: check, value: '<'}, {name: value, value: '2'}]"),
            "metadata", "attribute", "Attribute check for attribute: 'layer_count' check: '<' check_value: '2' matched image value: '1'");
        Assert.Empty(Check.Fire("metadata", "attribute", Alpine, "[{name: attribute, value: distro}, {name: check, value: '='}, {name: value, value: debian}]"));
        Assert.Empty(Check.Fire("metadata", "attribute", Alpine, "[{name: attribute, value: size}, {name: check, value: '>'}, {name: value, value: 1gb}]"));
    }

    [Fact]
    public void MalwareScansAndScanNotRun()
    {
        Check.Single(Check.Fire("malware", "scan_not_run", Alpine), "malware", "scan_not_run", "No malware scans found for image");
        var scanned = Alpine with { MalwareScans = [new MalwareScan("clamav", [new MalwareFinding("/tmp/eicar.com", "Win.Test.EICAR_HDB-1")])] };
        Assert.Empty(Check.Fire("malware", "scan_not_run", scanned));
        var f = Assert.Single(Check.Fire("malware", "scans", scanned));
        Assert.Equal("Malware scan finding: scanner=clamav file=/tmp/eicar.com signature=Win.Test.EICAR_HDB-1", f.Message);
        Assert.Equal("clamav+Win.Test.EICAR_HDB-1+" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("/tmp/eicar.com"))), f.TriggerId);
        Assert.Empty(Check.Fire("malware", "scans", Alpine));
    }

    private static PolicyInput WithLanguagePackages(PackageFeeds? feeds)
    {
        Package Pkg(string type, string name, string version, string path) => new()
        {
            Id = $"{type}:{name}@{version}", Name = name, Version = version, Type = type, FoundBy = type, Locations = [new Location(path, 1)],
        };
        var analysis = AlpineImage.Analysis with
        {
            Packages =
            [
                .. AlpineImage.Analysis.Packages,
                Pkg(PackageTypes.Npm, "lodash", "4.17.20", "/usr/lib/node_modules/lodash/package.json"),
                Pkg(PackageTypes.Npm, "acme-internal-utils", "1.0.0", "/app/node_modules/acme-internal-utils/package.json"),
                Pkg(PackageTypes.Gem, "rake", "13.0.3", "/usr/lib/ruby/gems/3.2.0/specifications/rake-13.0.3.gemspec"),
                Pkg(PackageTypes.Gem, "acme-gem", "0.1.0", "/usr/lib/ruby/gems/3.2.0/specifications/acme-gem-0.1.0.gemspec"),
            ],
        };
        return AlpineImage.Input(analysis) with { PackageFeeds = feeds };
    }

    private static readonly PackageFeeds Feeds = new()
    {
        Npm = new Dictionary<string, FeedPackage> { ["lodash"] = new("4.17.21", ["4.17.19", "4.17.21"]) },
        Gem = new Dictionary<string, FeedPackage> { ["rake"] = new("13.2.1", ["13.0.3", "13.2.1"]) },
    };

    [Fact]
    public void NpmsTriggersReadTheFeed()
    {
        var input = WithLanguagePackages(Feeds);
        Check.Single(Check.Fire("npms", "newer_version_in_feed", input), "npms", "newer_version_in_feed", "NPMNOTLATEST Package (lodash) version (4.17.20) installed but is not the latest version (4.17.21)");
        Check.Single(Check.Fire("npms", "unknown_in_feeds", input), "npms", "unknown_in_feeds", "NPMNOTOFFICIAL Package (acme-internal-utils) in container but not in official NPM feed.");
        Check.Single(Check.Fire("npms", "version_not_in_feeds", input), "npms", "version_not_in_feeds",
            "NPMBADVERSION Package (lodash) version (4.17.20) installed but version is not in the official feed for this package (['4.17.19', '4.17.21'])");
        Check.Single(Check.Fire("npms", "blacklisted_name_version", input, "[{name: name, value: lodash}, {name: version, value: '4.17.20'}]"), "npms", "blacklisted_name_version", "NPM Package is blacklisted: lodash-4.17.20");
        Assert.Empty(Check.Fire("npms", "feed_data_unavailable", input));

        var noFeed = WithLanguagePackages(null);
        Assert.Empty(Check.Fire("npms", "newer_version_in_feed", noFeed));
        Assert.Empty(Check.Fire("npms", "blacklisted_name_version", noFeed, "[{name: name, value: lodash}, {name: version, value: '4.17.21'}]"));
        Check.Single(Check.Fire("npms", "feed_data_unavailable", noFeed), "npms", "feed_data_unavailable",
            "NPM packages are present but the anchore npm feed is not available - will be unable to perform checks that require feed data");
    }

    [Fact]
    public void RubyGemsTriggersReadTheFeed()
    {
        var input = WithLanguagePackages(Feeds);
        Check.Single(Check.Fire("ruby_gems", "newer_version_found_in_feed", input), "ruby_gems", "newer_version_found_in_feed", "Package (rake) version (13.0.3) installed but is not the latest version (13.2.1)");
        Check.Single(Check.Fire("ruby_gems", "not_found_in_feed", input), "ruby_gems", "not_found_in_feed", "GEMNOTOFFICIAL Package (acme-gem) in container but not in official GEM feed.");
        Assert.Empty(Check.Fire("ruby_gems", "version_not_found_in_feed", input));
        var badVersion = input with { PackageFeeds = Feeds with { Gem = new Dictionary<string, FeedPackage> { ["rake"] = new("13.2.1", ["13.2.1"]) } } };
        Check.Single(Check.Fire("ruby_gems", "version_not_found_in_feed", badVersion), "ruby_gems", "version_not_found_in_feed",
            "GEMBADVERSION Package (rake) version (13.0.3) installed but version is not in the official feed for this package (['13.2.1'])");
        Check.Single(Check.Fire("ruby_gems", "blacklist", input, "[{name: name, value: rake}]"), "ruby_gems", "blacklist", "Gem Package is blacklisted: rake");
        Check.Single(Check.Fire("ruby_gems", "feed_data_unavailable", WithLanguagePackages(null)), "ruby_gems", "feed_data_unavailable",
            "Gem packages are present but the anchore gem feed is not available - will be unable to perform checks that require feed data");
    }
}
