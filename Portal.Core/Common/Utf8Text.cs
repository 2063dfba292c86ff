using System.Buffers;
using System.Text;

namespace Portal.Core.Common;

/// <summary>
/// UTF-8 validation of a JSON body before it is read: the JSON reader only finds invalid UTF-8 inside a string when
/// the string is decoded, long after the body was accepted, and then throws InvalidOperationException (a 500).
/// </summary>
public static class Utf8Text
{
    /// <summary>The offset of the first byte that is not part of a valid UTF-8 sequence, or -1 when all of it is valid.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        // The vectorised check costs next to nothing; the walk that locates the bad byte only runs on a bad body.
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return -1;
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != OperationStatus.Done) return offset;
            offset += consumed;
        }

        return -1;
    }

    /// <summary>The words a problem gives for a body that is not valid UTF-8.</summary>
    public static string NotValid(int offset) => $"is not valid UTF-8 (byte {offset + 1})";
}
