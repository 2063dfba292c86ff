using System.Text.Json;
using Portal.Core.Rollouts;
using Portal.Core.Statistics;

namespace Portal.Tests.Core.Rollouts;

public sealed class RolloutEvidenceJsonTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566");

    private static RolloutEvidence Shadow()
    {
        var pairs = Enumerable.Range(0, 40).Select(i => new RolloutEvidenceRow(Guid.NewGuid(), (i % 7) / 7.0, 2 + i, i % 3 == 0 ? null : i % 2 == 0, Guid.NewGuid(), (i % 5) / 5.0)).ToList();
        var champion = new RolloutArmRows(RolloutArm.Champion, 1, 40, 16, 26, 40, pairs.Select(p => p with { Probability = p.PairedProbability!.Value, PairedId = null, PairedProbability = null }).ToList());
        var shadow = new RolloutArmRows(RolloutArm.Shadow, 2, 40, 15, 26, 40, pairs);
        var rows = new RolloutEvidenceRows(Id, Start, Start, Start.AddHours(1), champion, RolloutArmRows.Empty(RolloutArm.Candidate, 2), shadow);
        var rollout = new Rollout(Id, "m", 1, new RolloutPlan(RolloutKind.Shadow, 2).WithDefaults(), RolloutState.Running, 0, Start, Start, null, null, "alice");
        return RolloutEvidenceBuilder.Build(rollout, rows, Start.AddHours(1), live: new RolloutLiveCounts(40, 0, 0, 40, 0, 3));
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameEvidence()
    {
        var evidence = Shadow();
        Assert.NotNull(evidence.Shadow!.DeLong);

        var json = RolloutEvidenceJson.Write(evidence);
        var read = RolloutEvidenceJson.Read(json);

        Assert.Equal(json, RolloutEvidenceJson.Write(read));
        Assert.Equal(evidence.Champion, read.Champion);
        Assert.Equal(evidence.Shadow.McNemar, read.Shadow!.McNemar);
        Assert.Equal(evidence.Shadow.DeLong, read.Shadow.DeLong);
        Assert.Equal(evidence.Shadow.Samples, read.Shadow.Samples);
        Assert.Equal(evidence.Live, read.Live);
    }

    [Fact]
    public void Write_IsCompactCamelCaseWithTheWireNames()
    {
        var json = RolloutEvidenceJson.Write(Shadow());

        Assert.DoesNotContain("\n", json);
        Assert.Contains("\"champion\":{\"arm\":\"champion\",\"version\":1,", json);
        Assert.Contains("\"candidate\":{\"arm\":\"shadow\",\"version\":2,", json);
        Assert.DoesNotContain("\"sampleRatio\"", json); // null: left out
        Assert.Contains("\"shadowShed\":3", json);
    }

    [Fact]
    public void Write_NotANumberOrInfinity_IsWrittenAsNull()
    {
        // What the builder never leaves in, set by hand: an undefined DeLong (NaN), the sequential start (NaN variance,
        // an unbounded interval) and a leaked zero-weight arm (an infinite chi-square).
        var evidence = Shadow() with
        {
            SampleRatio = SampleRatioMismatch.Test([5000, 4990, 10], [50, 50, 0]),
            Sequential = SequentialLook.Resume(0.3, SequentialDecision.CandidateWorse),
        };
        evidence = evidence with { Shadow = evidence.Shadow! with { DeLong = DeLong.Compare([true, true], [0.1, 0.2], [0.3, 0.4]) } };
        Assert.True(double.IsInfinity(evidence.SampleRatio!.Statistic));

        var json = RolloutEvidenceJson.Write(evidence);

        Assert.DoesNotContain("NaN", json);
        Assert.DoesNotContain("Infinity", json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sampleRatio").GetProperty("statistic").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sequential").GetProperty("interval").GetProperty("upper").ValueKind);
        Assert.Equal("candidate_worse", root.GetProperty("sequential").GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("shadow").GetProperty("deLong").GetProperty("championAuc").ValueKind);
        var read = RolloutEvidenceJson.Read(json);
        Assert.True(double.IsNaN(read.Sequential!.Variance));
        Assert.Equal(0.3, read.Sequential.PValue);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"champion\":")]
    public void Read_NotEvidence_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => RolloutEvidenceJson.Read(json));
    }
}
