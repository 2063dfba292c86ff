using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Portal.Data.Stores;

/// <summary>
/// PostgreSQL's binary <c>COPY</c> format written straight into one reused buffer: a header, then per row a field count
/// and each field as its length and its bytes in the type's binary send format (big-endian numbers, UTF-8 text), then
/// a trailer. The buffer goes to the server through Npgsql's raw binary copy stream whenever it fills.
/// </summary>
/// <remarks>
/// Npgsql's per-value importer resolves a converter for every value and the log's inputs had to become a string and
/// be encoded back to UTF-8 on the way; written here, a row costs a few hundred bytes of copying and allocates nothing,
/// on the writer thread that shares the predict path's core (bench/results/postgres.md).
/// </remarks>
internal sealed class PostgresCopyRows
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private Stream _destination = Stream.Null;

    /// <summary>Starts a copy into <paramref name="destination"/> with the header: the signature, no flags, no extension.</summary>
    public void Begin(Stream destination)
    {
        _destination = destination;
        Signature.CopyTo(_buffer, 0);
        _length = Signature.Length;
        Int32Raw(0);
        Int32Raw(0);
    }

    /// <summary>Starts a row of <paramref name="fields"/> fields, of which <paramref name="maxBytes"/> is an upper bound.</summary>
    public void Row(short fields, int maxBytes)
    {
        var needed = 2 + fields * 4 + maxBytes;
        if (needed > _buffer.Length - _length) Flush();
        if (needed > _buffer.Length) _buffer = new byte[needed];
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), fields);
        _length += 2;
    }

    /// <summary>The trailer, and what is left in the buffer goes to the server.</summary>
    public void End()
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        Flush();
        _destination = Stream.Null;
    }

    /// <summary>Upper bound of the bytes <see cref="Text"/> writes for <paramref name="value"/>.</summary>
    public static int MaxBytes(string? value) => value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length);

    /// <summary>Upper bound of the bytes <see cref="Utf8Text"/> writes: an invalid byte becomes a 3-byte replacement character.</summary>
    public static int MaxBytes(ReadOnlySpan<byte> utf8) => 3 * utf8.Length;

    public void Null() => Int32Raw(-1);

    public void Int32(int value)
    {
        Int32Raw(4);
        Int32Raw(value);
    }

    public void Int64(long value)
    {
        Int32Raw(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Double(double value)
    {
        Int32Raw(8);
        BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A Guid as bytea holding its 16 big-endian bytes (as EF Core's mapping of the log's ids stores them).</summary>
    public void Guid(Guid value)
    {
        Int32Raw(16);
        value.TryWriteBytes(_buffer.AsSpan(_length), bigEndian: true, out _);
        _length += 16;
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        Int32Raw(n);
        _length += n;
    }

    /// <summary>
    /// Text already in UTF-8, copied as it is. Bytes that are not valid UTF-8 (which the server would refuse, failing
    /// the whole batch) are written as the decoder replaces them, as a string of them would have been stored.
    /// </summary>
    public void Utf8Text(ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(value))
        {
            Text(Encoding.UTF8.GetString(value));
            return;
        }

        Int32Raw(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    private void Int32Raw(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Flush()
    {
        _destination.Write(_buffer, 0, _length);
        _length = 0;
    }
}
