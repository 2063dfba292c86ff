using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Data.Stores;

/// <summary>
/// The PostgreSQL advisory-lock key of a model's moves: a stable 64-bit hash of its name, the same in every replica and
/// version (string.GetHashCode is randomised per process), prefixed so it cannot collide with the migration lock.
/// </summary>
public static class ModelLockKey
{
    public static long Of(string model) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("portal.model-moves:" + model)));
}
