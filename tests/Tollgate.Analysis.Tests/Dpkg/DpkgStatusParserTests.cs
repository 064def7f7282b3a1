using Tollgate.Analysis.Catalogers.Os.Dpkg;

namespace Tollgate.Analysis.Tests.Dpkg;

public class DpkgStatusParserTests
{
    private const string Good = "Package: a\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n";

    [Fact]
    public void CorruptStanzaBetweenGoodOnes_IsSkippedWithWarningNamingFileAndLine()
    {
        // The middle stanza has a line that is neither "Field: value" nor a continuation: it goes, its neighbours stay.
        var text = Good + "\nPackage: broken\nthis line is garbage\nVersion: 2\n\n" + Good.Replace("Package: a", "Package: c");
        var warnings = new List<string>();

        var entries = DpkgStatusParser.Parse(new StringReader(text), "/var/lib/dpkg/status", warnings);

        Assert.Equal(["a", "c"], entries.Select(e => e.Package));
        var warning = Assert.Single(warnings);
        Assert.StartsWith("/var/lib/dpkg/status: stanza at line 6 skipped: line 7", warning);
    }

    [Fact]
    public void TruncatedFile_KeepsCompleteStanzasAndTheCompletePartOfTheLast()
    {
        // A status file cut mid-stanza (a truncated layer). Cut at a line end after Version: the stanza is whole
        // enough to keep. Cut inside a field name: the last line is not a field, so the stanza is dropped with a
        // warning (it cannot be told from garbage), and everything before it is kept.
        var cutAtLineEnd = Good + "\n" + "Package: b\nStatus: install ok installed\nVersion: 2.0\n";
        var cutMidLine = Good + "\n" + "Package: b\nStatus: install ok installed\nVersion: 2.0\nDescripti";
        var warnings = new List<string>();

        Assert.Equal(["a", "b"], DpkgStatusParser.Parse(new StringReader(cutAtLineEnd), "s", warnings).Select(e => e.Package));
        Assert.Empty(warnings);
        Assert.Equal(["a"], DpkgStatusParser.Parse(new StringReader(cutMidLine), "s", warnings).Select(e => e.Package));
        Assert.Equal("s: stanza at line 6 skipped: line 9 is not a 'Field: value' line", Assert.Single(warnings));
    }

    [Fact]
    public void HugeField_IsCutWithWarning_PackageKept()
    {
        // A 5 MB Description (hostile or broken file) must not balloon memory or drop the package.
        var huge = "Package: big\nVersion: 1\nDescription: x\n" + string.Concat(Enumerable.Repeat(" " + new string('y', 999) + "\n", 5000));
        var warnings = new List<string>();

        var entry = Assert.Single(DpkgStatusParser.Parse(new StringReader(huge), "/var/lib/dpkg/status", warnings));

        Assert.Equal("big", entry.Package);
        Assert.Equal(DpkgStatusParser.MaxFieldChars, entry.Fields["Description"].Length);
        Assert.Contains(warnings, w => w.StartsWith("/var/lib/dpkg/status: field Description", StringComparison.Ordinal));
    }

    [Fact]
    public void Status_OnlyInstalledOrHeldCount()
    {
        // dpkg's third Status word is the state; "hold ok installed" is installed, config-files and half-installed are not.
        Assert.True(Entry("install ok installed").IsInstalled);
        Assert.True(Entry("hold ok installed").IsInstalled);
        Assert.False(Entry("deinstall ok config-files").IsInstalled);
        Assert.False(Entry("install reinstreq half-installed").IsInstalled);
    }

    [Fact]
    public void RelationshipFields_ParseAlternativesArchQualifiersAndVersions()
    {
        Assert.Equal(
            [["debconf", "debconf-2.0"], ["libc6"], ["python3"]],
            DpkgDependencies.Parse("debconf (>= 0.5) | debconf-2.0, libc6 (>= 2.34), python3:any [amd64]"));
    }

    private static DpkgEntry Entry(string status) =>
        DpkgStatusParser.Parse(new StringReader($"Package: p\nStatus: {status}\nVersion: 1\n"), "s", new List<string>()).Single();
}
