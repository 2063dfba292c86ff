using BenchmarkDotNet.Attributes;
using Portal.Core.Rollouts;

namespace Portal.Bench;

/// <summary>
/// What the predict path pays to pick a rollout arm (<see cref="ArmAssigner"/>): a sticky key as short as a customer id,
/// one as long as a UUID, a request without a key (a random draw), and a shadow rollout. Expected to allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class RolloutAssignmentBenchmarks
{
    private readonly ArmAssigner _ab = new(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566"), RolloutKind.Ab, 5_000);
    private readonly ArmAssigner _shadow = new(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566"), RolloutKind.Shadow, 0);
    private readonly string _shortKey = "customer-0012345";
    private readonly string _uuidKey = "6f1c2a9e-4b7d-4e21-9c3a-0d8e5f7a1b2c";

    [Benchmark(Baseline = true)]
    public RolloutArm Sticky_16Chars() => _ab.Assign(_shortKey);

    [Benchmark]
    public RolloutArm Sticky_36Chars() => _ab.Assign(_uuidKey);

    [Benchmark]
    public RolloutArm Keyless() => _ab.Assign(ReadOnlySpan<char>.Empty);

    [Benchmark]
    public RolloutArm Shadow_Sticky16Chars() => _shadow.Assign(_shortKey);
}
