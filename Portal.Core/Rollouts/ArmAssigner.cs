using System.Runtime.CompilerServices;

namespace Portal.Core.Rollouts;

/// <summary>
/// Picks the arm that serves a request, on the predict path: no allocation, no lock, no per-key state. Each request
/// falls in one of <see cref="Buckets"/> buckets and the buckets below the candidate's share
/// (<see cref="CandidateBasisPoints"/>) go to the candidate. A request with a sticky key gets its bucket from
/// <see cref="StickyHash"/> of (rollout id, key), so the key keeps its arm for the rollout's life on every replica; and
/// because a canary's step-up only raises the threshold, a key on the candidate stays there (keys only move
/// champion -> candidate). A request without a key draws its bucket at random (<see cref="Random.Shared"/>: a
/// thread-safe xoshiro, fast and not cryptographic, which assignment does not need).
/// A shadow rollout gives every request to the champion; <see cref="ShadowScores"/> says the candidate scores it too.
/// One instance per (rollout, step), immutable: a step-up builds a new one and swaps it in.
/// </summary>
public sealed class ArmAssigner
{
    /// <summary>Buckets per rollout: shares are set in basis points (0.01 percent).</summary>
    public const int Buckets = 10_000;

    private readonly ulong _seed;

    public ArmAssigner(Guid rolloutId, RolloutKind kind, int candidateBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidateBasisPoints, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(candidateBasisPoints, Buckets);
        RolloutId = rolloutId;
        Kind = kind;
        CandidateBasisPoints = kind == RolloutKind.Shadow ? 0 : candidateBasisPoints;
        _seed = StickyHash.Seed(rolloutId);
    }

    /// <summary>The assigner for the rollout as it stands (its current step; nothing to the candidate once it has ended).</summary>
    public static ArmAssigner For(Rollout rollout) => new(rollout.Id, rollout.Kind, rollout.CandidateBasisPoints);

    public Guid RolloutId { get; }

    public RolloutKind Kind { get; }

    /// <summary>The candidate's share of requests in basis points (0 for shadow).</summary>
    public int CandidateBasisPoints { get; }

    /// <summary>Whether the candidate also scores every request off the response path (shadow).</summary>
    public bool ShadowScores => Kind == RolloutKind.Shadow;

    /// <summary>The arm for a request: by its sticky key when it has one, else at random.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RolloutArm Assign(ReadOnlySpan<char> key) =>
        CandidateBasisPoints == 0 ? RolloutArm.Champion // shadow, or an ended rollout: nothing to hash
        : key.IsEmpty ? AssignKeyless()
        : ArmOf(BucketOf(key));

    /// <summary>The arm for a request without a key.</summary>
    public RolloutArm AssignKeyless() => ArmOf(Random.Shared.Next(Buckets));

    /// <summary>The arm for a request without a key, drawn from <paramref name="random"/> (tests pass a seeded one; <see cref="Random"/> is not thread-safe).</summary>
    public RolloutArm AssignKeyless(Random random) => ArmOf(random.Next(Buckets));

    /// <summary>The key's bucket in [0, <see cref="Buckets"/>), the same for the rollout's whole life.</summary>
    public int BucketOf(ReadOnlySpan<char> key) => StickyHash.Bucket(StickyHash.Of(_seed, key), Buckets);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RolloutArm ArmOf(int bucket) => bucket < CandidateBasisPoints ? RolloutArm.Candidate : RolloutArm.Champion;
}
