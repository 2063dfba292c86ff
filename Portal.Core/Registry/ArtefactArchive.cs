using System.IO.Compression;

namespace Portal.Core.Registry;

/// <summary>
/// Checks a model zip from outside before anything reads it as a model: no entry may name a path outside the
/// archive (<c>../</c> segments, absolute or rooted names, drive letters, backslash forms of those), and the entries
/// together may not unpack to more than a limit. Sizes are checked twice: the sizes the zip declares, then the
/// bytes actually inflated while reading each entry with their CRC-32, because a crafted header can understate them.
/// </summary>
public static class ArtefactArchive
{
    private const int BufferSize = 81920;

    /// <summary>Throws <see cref="UnsafeArtefactException"/> naming the first entry that breaks a rule.</summary>
    public static void Check(byte[] zip, long maxUncompressedBytes)
    {
        ZipArchive archive;
        var stream = new MemoryStream(zip, writable: false);
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new UnsafeArtefactException(null, $"The file is not a loadable ML.NET model zip: it is not a zip archive ({ex.Message})");
        }

        using (archive)
        {
            long declared = 0;
            foreach (var entry in archive.Entries)
            {
                if (UnsafeName(entry.FullName) is { } why)
                    throw new UnsafeArtefactException(entry.FullName, $"The zip entry '{entry.FullName}' {why}");
                declared += entry.Length;
                if (declared > maxUncompressedBytes)
                    throw TooLarge(entry.FullName, maxUncompressedBytes);
            }

            // The declared sizes may lie: count what each entry really inflates to, and check its CRC-32, because
            // ZipArchive stops reading at the declared size, so an understated size shows only as a CRC that differs.
            long actual = 0;
            var buffer = new byte[BufferSize];
            foreach (var entry in archive.Entries)
            {
                try
                {
                    using var content = entry.Open();
                    uint crc = 0;
                    int read;
                    while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        actual += read;
                        if (actual > maxUncompressedBytes) throw TooLarge(entry.FullName, maxUncompressedBytes);
                        crc = ZipCrc32.Append(crc, buffer.AsSpan(0, read));
                    }

                    if (crc != entry.Crc32)
                        throw new UnsafeArtefactException(entry.FullName, $"The zip entry '{entry.FullName}' does not match its header (its declared size or CRC-32 was altered)");
                }
                catch (InvalidDataException ex)
                {
                    throw new UnsafeArtefactException(entry.FullName, $"The zip entry '{entry.FullName}' cannot be read ({ex.Message})");
                }
            }
        }
    }

    /// <summary>Why a name could land outside the folder it is unpacked into, or null when it cannot.</summary>
    public static string? UnsafeName(string name)
    {
        if (name.Length == 0) return "has an empty name";
        if (name.Contains('\0')) return "has a NUL character in its name";
        if (name[0] is '/' or '\\') return "has an absolute name";
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])) return "names a drive";
        foreach (var segment in name.Split('/', '\\'))
            if (segment == "..") return "climbs out of the archive with '..'";
        return null;
    }

    private static UnsafeArtefactException TooLarge(string entry, long limit) =>
        new(entry, $"The zip unpacks to more than {Megabytes(limit)} MB (the limit Portal:Artefacts:MaxUncompressedMegabytes) by its entry '{entry}'");

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
