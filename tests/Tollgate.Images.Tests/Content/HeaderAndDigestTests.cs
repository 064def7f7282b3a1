using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Tollgate.Images.Content;
using Tollgate.TestSupport.Images;

namespace Tollgate.Images.Tests.Content;

public class HeaderAndDigestTests
{
    [Fact]
    public async Task KeepHeaderBytes_KeepsOnlyTheHeader_FileSha256MatchesTheTarball()
    {
        // samples/alpine-oci ships /bin/busybox (808,712 bytes) from the Alpine minirootfs. A header-only request
        // keeps its first 64 bytes (not the whole file, whatever MaxBytes says); with FileSha256 every regular file
        // gets the sha256 of its content, which must equal a hash computed straight from the original tarball.
        var request = new ContentRequest
        {
            Name = "elf",
            Sniff = h => h.Length >= 4 && h[0] == 0x7F && h[1] == (byte)'E',
            SniffBytes = 4,
            KeepHeaderBytes = 64,
            MaxBytes = 10,
        };
        using var image = await ImageLoader.LoadAsync("oci-dir:" + AlpineSample.CommittedLayout + ":" + AlpineSample.Tag,
            new ImageLoadOptions { ContentRequests = [request], FileSha256 = true });

        var kept = image.Contents.For("elf").Single(f => f.Path == "/bin/busybox");
        using var stream = image.Contents.Open(kept);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(64, copy.Length);
        Assert.Equal(808_712, kept.Size);

        var expected = Sha256InTarball(AlpineSample.RootfsTarball, "./bin/busybox");
        Assert.Equal(expected, image.Files.Find("/bin/busybox")?.Sha256);
        Assert.Equal(Convert.ToHexStringLower(copy.ToArray()), Convert.ToHexStringLower(ReadPrefix(AlpineSample.RootfsTarball, "./bin/busybox", 64)));
    }

    private static string Sha256InTarball(string tarball, string name) =>
        InTarball(tarball, name, data => Convert.ToHexStringLower(SHA256.HashData(data)));

    private static byte[] ReadPrefix(string tarball, string name, int count) =>
        InTarball(tarball, name, data =>
        {
            var buffer = new byte[count];
            data.ReadExactly(buffer);
            return buffer;
        });

    private static T InTarball<T>(string tarball, string name, Func<Stream, T> read)
    {
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == name)
            {
                return read(entry.DataStream!);
            }
        }

        throw new FileNotFoundException(name);
    }
}
