using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Portal.Core.Registry;

namespace Portal.Tests.Core.Registry;

public sealed class ArtefactArchiveTests
{
    private const long Limit = 1024 * 1024;

    /// <summary>A zip with the given entries; entry names are written as given (ZipArchive does not normalise them).</summary>
    internal static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Check_OrdinaryModelLayout_Passes()
    {
        var zip = Zip(("TransformerChain/Model.key", Text("x")), ("TransformerChain/Transform_000/Model.key", Text("y")), ("Schema/Schema.key", Text("z")));

        ArtefactArchive.Check(zip, Limit);
    }

    [Theory]
    [InlineData("../../etc/cron.d/evil", "'..'")]
    [InlineData("TransformerChain/../../evil", "'..'")]
    [InlineData("..\\..\\evil.dll", "'..'")]
    [InlineData("a\\..\\..\\evil", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("\\Windows\\evil.dll", "absolute")]
    [InlineData("\\\\server\\share\\evil", "absolute")]
    [InlineData("C:\\Windows\\evil.dll", "drive")]
    [InlineData("c:/evil", "drive")]
    public void Check_EntryEscapingTheArchive_IsRefusedNamingIt(string name, string why)
    {
        var zip = Zip(("TransformerChain/Model.key", Text("x")), (name, Text("payload")));

        var error = Assert.Throws<UnsafeArtefactException>(() => ArtefactArchive.Check(zip, Limit));

        Assert.Equal(name, error.Entry);
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void Check_EntriesTogetherOverTheLimit_IsRefusedNamingTheEntryThatCrossesIt()
    {
        // 600 KB + 600 KB of zeros: each alone fits 1 MB, both do not; compressed they are a few KB.
        var zip = Zip(("a.bin", new byte[600 * 1024]), ("padding.bin", new byte[600 * 1024]));
        Assert.True(zip.Length < 16 * 1024);

        var error = Assert.Throws<UnsafeArtefactException>(() => ArtefactArchive.Check(zip, Limit));

        Assert.Equal("padding.bin", error.Entry);
        Assert.Contains("more than 1 MB", error.Message);
        Assert.Contains("Portal:Artefacts:MaxUncompressedMegabytes", error.Message);
    }

    [Fact]
    public void Check_SizesUnderstatedInTheHeaders_IsRefusedByTheBytesActuallyRead()
    {
        // 2 MB declared as 10 bytes: the declared total fits the limit; what the entry holds does not match it.
        var zip = Zip(("bomb.bin", new byte[2 * 1024 * 1024]));
        var forged = UnderstateSizes(zip, 10);

        var error = Assert.Throws<UnsafeArtefactException>(() => ArtefactArchive.Check(forged, Limit));

        Assert.Equal("bomb.bin", error.Entry);
        Assert.Contains("does not match its header", error.Message);
    }

    [Fact]
    public void Check_TotalExactlyAtTheLimit_Passes()
    {
        ArtefactArchive.Check(Zip(("a.bin", new byte[Limit / 2]), ("b.bin", new byte[Limit / 2])), Limit);
    }

    [Fact]
    public void Check_NotAZip_IsRefused()
    {
        var error = Assert.Throws<UnsafeArtefactException>(() => ArtefactArchive.Check(Text("not a zip"), Limit));

        Assert.Null(error.Entry);
        Assert.Contains("not a zip archive", error.Message);
    }

    /// <summary>Rewrites every uncompressed size the zip declares (local headers and central directory) to <paramref name="size"/>.</summary>
    private static byte[] UnderstateSizes(byte[] zip, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var span = bytes.AsSpan();
        for (var i = 0; i + 30 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(span[i..]);
            if (signature == 0x04034b50) BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 22)..], size);
            else if (signature == 0x02014b50) BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 24)..], size);
        }

        return bytes;
    }
}
