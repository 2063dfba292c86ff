namespace Portal.Core.Registry;

/// <summary>
/// The CRC-32 zip records per entry (IEEE 802.3, reflected, polynomial 0xEDB88320). ZipArchive neither checks it nor
/// reads past an entry's declared size, so comparing it is how <see cref="ArtefactArchive"/> notices a header that lies.
/// </summary>
internal static class ZipCrc32
{
    private static readonly uint[] Table = Build();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }

        return table;
    }
}
