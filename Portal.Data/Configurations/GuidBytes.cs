using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data.Configurations;

/// <summary>
/// Prediction ids stored as their 16 bytes in RFC 9562 order (big-endian): 20 bytes a row smaller than EF Core's
/// default 36-character text, still readable with SQLite's <c>hex()</c>, and sorting as the ids do.
/// </summary>
internal static class GuidBytes
{
    public static readonly ValueConverter<Guid, byte[]> Converter = new(id => ToBytes(id), bytes => FromBytes(bytes));

    public static byte[] ToBytes(Guid id) => id.ToByteArray(bigEndian: true);

    public static Guid FromBytes(byte[] bytes) => new(bytes, bigEndian: true);
}
