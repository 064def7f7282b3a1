using Tollgate.Analysis.Model;
using Tollgate.Images.Model;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests.Gates;

public class DockerfileGateTests
{
    private static readonly Tollgate.Policy.Evaluator.PolicyInput Alpine = AlpineImage.Input();

    [Fact]
    public void InstructionNotExistsFiresWhenHealthcheckIsMissing()
    {
        var findings = Check.Fire("dockerfile", "instruction", Alpine, "[{name: instruction, value: HEALTHCHECK}, {name: check, value: not_exists}]");
        Check.Single(findings, "dockerfile", "instruction", "Dockerfile directive 'HEALTHCHECK' not found, matching condition 'not_exists' check");
    }

    [Fact]
    public void InstructionNotExistsIsQuietWhenTheConfigHasAHealthcheck()
    {
        var image = AlpineImage.WithConfig(c => c with { Healthcheck = new Healthcheck { Test = ["CMD", "/bin/true"] } });
        Assert.Empty(Check.Fire("dockerfile", "instruction", AlpineImage.Input(image), "[{name: instruction, value: HEALTHCHECK}, {name: check, value: not_exists}]"));
    }

    [Fact]
    public void InstructionEqualsComparesTheArgument()
    {
        var findings = Check.Fire("dockerfile", "instruction", Alpine, """[{name: instruction, value: CMD}, {name: check, value: "="}, {name: value, value: '["/bin/sh"]'}]""");
        Check.Single(findings, "dockerfile", "instruction", "Dockerfile directive 'CMD' check '=' matched against '[\"/bin/sh\"]' for line '[\"/bin/sh\"]'");
        Assert.Empty(Check.Fire("dockerfile", "instruction", Alpine, """[{name: instruction, value: CMD}, {name: check, value: "="}, {name: value, value: '["/bin/bash"]'}]"""));
    }

    [Fact]
    public void InstructionLikeIsAnchoredAtTheStartOnly()
    {
        var findings = Check.Fire("dockerfile", "instruction", Alpine, "[{name: instruction, value: ADD}, {name: check, value: like}, {name: value, value: 'alpine-minirootfs'}]");
        Check.Single(findings, "dockerfile", "instruction", "Dockerfile directive 'ADD' check 'like' matched against 'alpine-minirootfs' for line 'alpine-minirootfs-3.20.3-x86_64.tar.gz /'");
        Assert.Empty(Check.Fire("dockerfile", "instruction", Alpine, "[{name: instruction, value: ADD}, {name: check, value: like}, {name: value, value: 'minirootfs'}]"));
    }

    [Fact]
    public void EffectiveUserBlacklistFiresOnDefaultRoot()
    {
        var findings = Check.Fire("dockerfile", "effective_user", Alpine, "[{name: users, value: 'root,docker'}, {name: type, value: blacklist}]");
        Check.Single(findings, "dockerfile", "effective_user", "User root found as effective user, which is explicity not allowed list");
        var nonRoot = AlpineImage.WithConfig(c => c with { User = "guest" });
        Assert.Empty(Check.Fire("dockerfile", "effective_user", AlpineImage.Input(nonRoot), "[{name: users, value: 'root,docker'}, {name: type, value: blacklist}]"));
    }

    [Fact]
    public void EffectiveUserWhitelistFiresOnOtherUsers()
    {
        var findings = Check.Fire("dockerfile", "effective_user", Alpine, "[{name: users, value: guest}, {name: type, value: whitelist}]");
        Check.Single(findings, "dockerfile", "effective_user", "User root found as effective user, which is not on the allowed list");
        var guest = AlpineImage.WithConfig(c => c with { User = "guest" });
        Assert.Empty(Check.Fire("dockerfile", "effective_user", AlpineImage.Input(guest), "[{name: users, value: guest}, {name: type, value: whitelist}]"));
    }

    [Fact]
    public void ExposedPortsBlacklistAndWhitelist()
    {
        var image = AlpineImage.WithConfig(c => c with { ExposedPorts = ["22/tcp", "8080/tcp"] });
        var input = AlpineImage.Input(image);
        Check.Single(Check.Fire("dockerfile", "exposed_ports", input, "[{name: ports, value: '22'}, {name: type, value: blacklist}]"),
            "dockerfile", "exposed_ports", "Dockerfile exposes port (22/tcp) which is in policy file DENIEDPORTS list");
        Check.Single(Check.Fire("dockerfile", "exposed_ports", input, "[{name: ports, value: '8080,443'}, {name: type, value: whitelist}]"),
            "dockerfile", "exposed_ports", "Dockerfile exposes port (22/tcp) which is not in policy file ALLOWEDPORTS list");
        Assert.Empty(Check.Fire("dockerfile", "exposed_ports", Alpine, "[{name: ports, value: '22'}, {name: type, value: blacklist}]"));
    }

    [Fact]
    public void BuildKitExposeHistoryIsRead()
    {
        var image = AlpineImage.Analysis with
        {
            Image = AlpineImage.Analysis.Image with { History = [.. AlpineImage.Analysis.Image.History, new HistoryEntry { CreatedBy = "EXPOSE map[22/tcp:{}]", EmptyLayer = true }] },
        };
        Check.Single(Check.Fire("dockerfile", "exposed_ports", AlpineImage.Input(image), "[{name: ports, value: '22'}, {name: type, value: blacklist}]"),
            "dockerfile", "exposed_ports", "Dockerfile exposes port (22/tcp) which is in policy file DENIEDPORTS list");
    }

    [Fact]
    public void NoDockerfileProvidedFiresOnGuessedOnly()
    {
        Check.Single(Check.Fire("dockerfile", "no_dockerfile_provided", Alpine), "dockerfile", "no_dockerfile_provided", "Image was not analyzed with an actual Dockerfile");
        var actual = AlpineImage.Analysis with { Facts = new ImageFacts { Dockerfile = "FROM alpine:3.20\nCMD [\"/bin/sh\"]\n", DockerfileProvided = true } };
        Assert.Empty(Check.Fire("dockerfile", "no_dockerfile_provided", AlpineImage.Input(actual)));
    }

    [Fact]
    public void ActualDockerfileOnlySkipsGuessedDockerfiles()
    {
        Assert.Empty(Check.Fire("dockerfile", "instruction", Alpine, "[{name: instruction, value: HEALTHCHECK}, {name: check, value: not_exists}, {name: actual_dockerfile_only, value: 'true'}]"));
        var actual = AlpineImage.Analysis with { Facts = new ImageFacts { Dockerfile = "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n    jq\nUSER guest\n", DockerfileProvided = true } };
        var findings = Check.Fire("dockerfile", "instruction", AlpineImage.Input(actual), "[{name: instruction, value: RUN}, {name: check, value: like}, {name: value, value: '.*jq'}]");
        Check.Single(findings, "dockerfile", "instruction", "Dockerfile directive 'RUN' check 'like' matched against '.*jq' for line 'apk add --no-cache curl jq'");
    }
}
