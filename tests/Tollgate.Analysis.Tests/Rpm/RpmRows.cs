using Tollgate.Analysis.Catalogers.Os.Rpm;

namespace Tollgate.Analysis.Tests.Rpm;

/// <summary>Packages as TSV rows in the column order of the corpus oracles and of our rpm query format.</summary>
internal static class RpmRows
{
    /// <summary>rpm's --qf: missing tags print "(none)", a missing EPOCH prints nothing.</summary>
    public const string QueryFormat =
        "%{NAME}\\t%|EPOCH?{%{EPOCH}}:{}|\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\n";

    public static string Row(RpmPackageRecord p) =>
        string.Join('\t', p.Name, p.Epoch?.ToString() ?? "", p.Version, p.Release ?? "(none)", p.Arch ?? "(none)",
            p.SourceRpm ?? "(none)", p.License ?? "(none)");

    public static List<string> Sorted(IEnumerable<string> rows) => [.. rows.Order(StringComparer.Ordinal)];

    /// <summary>Reads a database file the way the cataloger does, collecting warnings.</summary>
    public static (List<RpmPackageRecord> Packages, List<string> Warnings) Read(string dbFile)
    {
        var warnings = new List<string>();
        using var stream = File.OpenRead(dbFile);
        var packages = RpmDatabase.ReadPackages(stream, dbFile, warnings.Add);
        return (packages, warnings);
    }

    /// <summary>Asserts two row lists are equal as multisets, reporting the rows only one side has.</summary>
    public static void AssertSameRows(IEnumerable<string> expected, IEnumerable<string> actual, string what)
    {
        var e = Sorted(expected);
        var a = Sorted(actual);
        var missing = e.Except(a).Take(10).ToList();
        var extra = a.Except(e).Take(10).ToList();
        Assert.True(
            e.SequenceEqual(a),
            $"{what}: expected {e.Count} rows, got {a.Count}\nmissing:\n  {string.Join("\n  ", missing)}\nextra:\n  {string.Join("\n  ", extra)}");
    }
}
