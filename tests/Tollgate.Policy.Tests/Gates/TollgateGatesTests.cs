using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests.Gates;

public class TollgateGatesTests
{
    private static readonly PolicyInput Alpine = AlpineImage.Input();

    [Fact]
    public void RunsAsRootFollowsTheConfiguredUserAndPasswd()
    {
        Assert.Equal("Image runs as root (configured user '')", Assert.Single(Check.Fire("image", "runs_as_root", Alpine)).Message);
        var guest = AlpineImage.WithConfig(c => c with { User = "guest" }) with { Facts = new ImageFacts() };
        Assert.Empty(Check.Fire("image", "runs_as_root", AlpineImage.Input(guest)));
        var uid0 = AlpineImage.WithConfig(c => c with { User = "0:0" }) with { Facts = new ImageFacts() };
        Assert.Single(Check.Fire("image", "runs_as_root", AlpineImage.Input(uid0)));
    }

    [Fact]
    public void PrivilegedPortsBelowTheLimit()
    {
        var image = AlpineImage.WithConfig(c => c with { ExposedPorts = ["80/tcp", "8080/tcp"] });
        Assert.Equal("Image exposes privileged port 80/tcp (below 1024)", Assert.Single(Check.Fire("image", "privileged_ports", AlpineImage.Input(image))).Message);
        Assert.Empty(Check.Fire("image", "privileged_ports", Alpine));
    }

    [Fact]
    public void HealthcheckMissingExplainsTheOciFormat()
    {
        Assert.Equal("Image has no HEALTHCHECK (OCI image format cannot carry HEALTHCHECK: build in Docker format or waive and use Kubernetes probes)",
            Assert.Single(Check.Fire("image", "healthcheck_missing", Alpine)).Message);
        var withHc = AlpineImage.WithConfig(c => c with { Healthcheck = new Healthcheck { Test = ["CMD", "/bin/true"] } });
        Assert.Empty(Check.Fire("image", "healthcheck_missing", AlpineImage.Input(withHc)));
    }

    [Fact]
    public void RequiredLabelsMissingOrPlaceholder()
    {
        var image = AlpineImage.WithConfig(c => c with { Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = "alpine", ["org.opencontainers.image.version"] = "FIXME" } });
        var findings = Check.Fire("image", "required_labels", AlpineImage.Input(image), "[{name: labels, value: 'org.opencontainers.image.title,org.opencontainers.image.version,org.opencontainers.image.vendor'}]");
        Assert.Equal(["Required label org.opencontainers.image.version is set to placeholder 'FIXME'", "Required label org.opencontainers.image.vendor is missing"], findings.Select(f => f.Message));
        Assert.Empty(Check.Fire("image", "required_labels", AlpineImage.Input(image), "[{name: labels, value: org.opencontainers.image.title}]"));
    }

    [Fact]
    public void TagLatest()
    {
        Assert.Single(Check.Fire("image", "tag_latest", AlpineImage.Input(tag: "alpine")));
        Assert.Empty(Check.Fire("image", "tag_latest", Alpine));
    }

    [Fact]
    public void BaseImageUnknownUnapprovedOrUnpinned()
    {
        Assert.Equal("Base image is not known (no base annotation, label or history evidence)", Assert.Single(Check.Fire("image", "base_image", Alpine)).Message);
        var based = AlpineImage.Analysis with { Facts = new ImageFacts { BaseImage = new BaseImage { Name = "docker.io/library/alpine:3.20", Evidence = "annotation", LayerCount = 1 } } };
        var findings = Check.Fire("image", "base_image", AlpineImage.Input(based), "[{name: allowed, value: 'registry1.dso.mil/*'}, {name: require_digest, value: 'true'}]");
        Assert.Equal(["Base image docker.io/library/alpine:3.20 is not in the approved list", "Base image docker.io/library/alpine:3.20 is not pinned by digest"], findings.Select(f => f.Message));
        Assert.Empty(Check.Fire("image", "base_image", AlpineImage.Input(based), "[{name: allowed, value: 'docker.io/library/alpine:*'}]"));
    }

    [Fact]
    public void SecretsInConfigAndFileCapabilities()
    {
        var image = AlpineImage.Analysis with
        {
            Secrets = [new SecretFinding { RuleId = "generic-api-key", Title = "Generic API key", Severity = "HIGH", Kind = "env", Where = "API_TOKEN", Redacted = "sk_l****" }],
            Files = [.. AlpineImage.Analysis.Files, new FileFact { Path = "/usr/bin/ping", Type = "file", Mode = 0x1ED, Capabilities = "cap_net_raw=ep", Layer = 1 }],
        };
        Assert.Equal("Secret Generic API key found in env API_TOKEN: sk_l****", Assert.Single(Check.Fire("image", "secrets_in_config", AlpineImage.Input(image))).Message);
        Assert.Equal("File /usr/bin/ping has capabilities cap_net_raw=ep", Assert.Single(Check.Fire("image", "file_capabilities", AlpineImage.Input(image))).Message);
        Assert.Empty(Check.Fire("image", "secrets_in_config", Alpine));
        Assert.Empty(Check.Fire("image", "file_capabilities", Alpine));
    }

    [Fact]
    public void AccountChecks()
    {
        var image = AlpineImage.Analysis with
        {
            Accounts = new AccountFacts { UidZeroUsers = ["root", "toor"], EmptyPasswordUsers = ["guest"], DuplicateUids = [0] },
        };
        var input = AlpineImage.Input(image);
        Assert.Equal("Account toor has UID 0", Assert.Single(Check.Fire("accounts", "uid0_accounts", input)).Message);
        Assert.Equal("Account guest has an empty password", Assert.Single(Check.Fire("accounts", "empty_passwords", input)).Message);
        Assert.Equal("UID 0 is used more than once in /etc/passwd", Assert.Single(Check.Fire("accounts", "duplicate_ids", input)).Message);
        Assert.Empty(Check.Fire("accounts", "uid0_accounts", Alpine));
        Assert.Empty(Check.Fire("accounts", "empty_passwords", Alpine));
        Assert.Empty(Check.Fire("accounts", "duplicate_ids", Alpine));
    }
}
