using System.Text;
using Tollgate.Analysis;
using Tollgate.Analysis.Model;
using Tollgate.Sbom.Native;
using Tollgate.TestSupport;
using Tollgate.TestSupport.Images;

namespace Tollgate.Sbom.Tests.Native;

public class NativeJsonTests
{
    [Fact]
    public async Task RealAnalysis_RoundTripsLosslessly()
    {
        // A full analysis of samples/alpine-oci (packages with files and digests, relationships, file facts, accounts,
        // image facts with history): written, read back and written again, the bytes must be identical, and the
        // read-back model must carry the same values (spot-checked below).
        var analysis = await ImageAnalyzer.AnalyzeAsync("oci-dir:" + AlpineSample.CommittedLayout + ":" + AlpineSample.Tag, new AnalyzeOptions { FileDigests = true });
        var first = Write(analysis);

        var read = NativeJson.Read(new MemoryStream(first), "first.json");
        var second = Write(read);

        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
        Assert.Equal(analysis.Packages.Count, read.Packages.Count);
        Assert.Equal(analysis.Packages[0].Files, read.Packages[0].Files);
        Assert.Equal(analysis.Files.Single(f => f.Path == "/bin/busybox").Sha256, read.Files.Single(f => f.Path == "/bin/busybox").Sha256);
        Assert.Equal(analysis.Image.History, read.Image.History);
        Assert.Equal(analysis.AnalyzedAt, read.AnalyzedAt);
        Assert.Equal(analysis.Accounts!.Users, read.Accounts!.Users);

        // camelCase property names, the schema version first.
        Assert.StartsWith("{\n  \"schemaVersion\": \"1.0\"", Encoding.UTF8.GetString(first).Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("{\"schemaVersion\":\"2.0\",\"image\":{}}", "x.json: schemaVersion '2.0' is not supported (this build reads 1.x)")]
    [InlineData("{\"image\":{}}", "x.json: schemaVersion '(missing)' is not supported (this build reads 1.x)")]
    [InlineData("[1,2]", "x.json: not a Tollgate analysis (expected a JSON object)")]
    public void UnsupportedOrForeignDocuments_FailNamingTheFile(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => NativeJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "x.json"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void TruncatedDocument_FailsNamingTheFile()
    {
        var e = Assert.Throws<InvalidDataException>(() => NativeJson.Read(new MemoryStream("{\"schemaVersion\":\"1.0\",\"ima"u8.ToArray()), "cut.json"));
        Assert.StartsWith("cut.json: not JSON", e.Message);
    }

    private static byte[] Write(ImageAnalysis analysis)
    {
        using var buffer = new MemoryStream();
        NativeJson.Write(analysis, buffer);
        return buffer.ToArray();
    }
}
