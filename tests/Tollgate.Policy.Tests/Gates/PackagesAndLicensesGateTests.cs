using Tollgate.Analysis.Model;
using Tollgate.Policy.Evaluator;
using Tollgate.Policy.Tests.Support;

namespace Tollgate.Policy.Tests.Gates;

public class PackagesAndLicensesGateTests
{
    private static readonly PolicyInput Alpine = AlpineImage.Input();

    [Theory]
    [InlineData("[{name: name, value: bash}]", "Required input package (bash) is not present in container image")]
    [InlineData("[{name: name, value: bash}, {name: version, value: '5.2.26-r0'}]", "Required input package (bash,5.2.26-r0) is not present in container image")]
    [InlineData("[{name: name, value: musl}, {name: version, value: '1.2.4-r0'}]", "Required input package (musl) is present (1.2.5-r0), but not at the version specified in policy (musl)")]
    [InlineData("[{name: name, value: musl}, {name: version, value: '1.2.6-r0'}, {name: version_match_type, value: minimum}]", "Required min-version input package (musl) is present (1.2.5-r0), but is lower version than what is specified in policy (1.2.6-r0)")]
    public void RequiredPackageFires(string parameters, string message) =>
        Check.Single(Check.Fire("packages", "required_package", Alpine, parameters), "packages", "required_package", message);

    [Theory]
    [InlineData("[{name: name, value: musl}]")]
    [InlineData("[{name: name, value: musl}, {name: version, value: '1.2.5-r0'}]")]
    [InlineData("[{name: name, value: musl}, {name: version, value: '1.2.4-r9'}, {name: version_match_type, value: minimum}]")]
    public void RequiredPackageIsQuietWhenSatisfied(string parameters) =>
        Assert.Empty(Check.Fire("packages", "required_package", Alpine, parameters));

    [Fact]
    public void BlacklistMatchesNameAndOptionalVersion()
    {
        Check.Single(Check.Fire("packages", "blacklist", Alpine, "[{name: name, value: busybox}]"), "packages", "blacklist", "Package is blacklisted: busybox");
        Check.Single(Check.Fire("packages", "blacklist", Alpine, "[{name: name, value: busybox}, {name: version, value: '1.36.1-r29'}]"), "packages", "blacklist", "Package is blacklisted: busybox-1.36.1-r29");
        Assert.Empty(Check.Fire("packages", "blacklist", Alpine, "[{name: name, value: busybox}, {name: version, value: '1.36.1-r30'}]"));
        Assert.Empty(Check.Fire("packages", "blacklist", Alpine, "[{name: name, value: openssh-server}]"));
    }

    [Fact]
    public void VerifyReportsMissingAndChangedFiles()
    {
        var packages = AlpineImage.Analysis.Packages.Select(p => p.Name switch
        {
            "busybox" => p with { Files = [new OwnedFile("/bin/busybox"), new OwnedFile("/bin/busybox-extras")] },
            "alpine-baselayout-data" => p with { Files = [new OwnedFile("/etc/passwd") { Digest = new Digest("sha256", new string('0', 64)) }] },
            _ => p,
        }).ToList();
        var input = AlpineImage.Input(AlpineImage.Analysis with { Packages = packages });
        var findings = Check.Fire("packages", "verify", input);
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Message == "VERIFY check against package db for package 'busybox' failed on entry '/bin/busybox-extras' with status: 'missing'");
        Assert.Contains(findings, f => f.Message == "VERIFY check against package db for package 'alpine-baselayout-data' failed on entry '/etc/passwd' with status: 'changed'");
        Assert.Single(Check.Fire("packages", "verify", input, "[{name: check, value: missing}]"));
        Assert.Empty(Check.Fire("packages", "verify", input, "[{name: only_packages, value: musl}]"));
    }

    [Fact]
    public void LicenseExactAndPartialMatches()
    {
        Check.Single(Check.Fire("licenses", "blacklist_exact_match", Alpine, "[{name: licenses, value: 'Apache-2.0'}]"),
            "licenses", "blacklist_exact_match", "LICFULLMATCH Packages are installed that have blacklisted licenses: libcrypto3(Apache-2.0), libssl3(Apache-2.0)");
        Check.Single(Check.Fire("licenses", "blacklist_partial_match", Alpine, "[{name: licenses, value: 'BSD'}]"),
            "licenses", "blacklist_partial_match", "LICSUBMATCH Packages are installed that have blacklisted licenses: musl-utils(BSD-2-Clause)");
        Assert.Empty(Check.Fire("licenses", "blacklist_exact_match", Alpine, "[{name: licenses, value: 'Apache'}]"));
        Assert.Empty(Check.Fire("licenses", "blacklist_partial_match", Alpine, "[{name: licenses, value: 'AGPL'}]"));
    }
}
