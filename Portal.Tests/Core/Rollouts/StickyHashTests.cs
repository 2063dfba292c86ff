using Portal.Core.Rollouts;

namespace Portal.Tests.Core.Rollouts;

public sealed class StickyHashTests
{
    private static readonly Guid Rollout = Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566");

    // tools/reference/sticky_hash.py: FNV-1a 64 (rollout id bytes big-endian + key UTF-16LE), fmix64, high word of h * 10000.
    // Pinned so that a change to the hash, which would move every sticky key to another arm mid-rollout, fails here.
    [Theory]
    [InlineData("", 0x04e2abdc0cacb536UL, 190)]
    [InlineData("customer-42", 0x6ec0f367e35fa302UL, 4326)]
    [InlineData("X", 0x8c829628b31691c1UL, 5488)]
    [InlineData("Zoë 🚀", 0xae952903288e5207UL, 6819)]
    public void Of_MatchesTheReference(string key, ulong hash, int bucket)
    {
        Assert.Equal(hash, StickyHash.Of(Rollout, key));
        Assert.Equal(bucket, StickyHash.Bucket(hash, ArmAssigner.Buckets));
    }

    [Fact]
    public void Bucket_ExtremeHashes_StayInRange()
    {
        Assert.Equal(0, StickyHash.Bucket(0, 10_000));
        Assert.Equal(9_999, StickyHash.Bucket(ulong.MaxValue, 10_000));
    }
}
