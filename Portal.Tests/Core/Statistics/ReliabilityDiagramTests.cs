using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: scikit-learn 1.2.1 <c>calibration_curve(y, p, n_bins=10, strategy='uniform')</c> and the counts of
/// its bins, printed by tools/reference/calibration_reference.py (which also builds the same probabilities and labels).
/// </summary>
public sealed class ReliabilityDiagramTests
{
    [Fact]
    public void Of_PatternWithEdgeValues_EqualsScikitLearnsCalibrationCurve()
    {
        const int n = 200;
        var p = Enumerable.Range(0, n).Select(i => (i * 7919 % 1000) / 1000.0).ToArray();
        double[] edges = [0.0, 0.1, 0.3, 0.5, 1.0, 0.30000000000000004];
        edges.CopyTo(p, 0);
        var y = Enumerable.Range(0, n).Select(i => (i * 104729 % 997) / 997.0 < Math.Pow(p[i], 1.3)).ToArray();
        Assert.Equal(91, y.Count(v => v));

        var diagram = ReliabilityDiagram.Of(p, y);

        Assert.Equal([23, 20, 21, 20, 21, 18, 19, 20, 19, 19], diagram.Bins.Select(b => b.Count));
        double[] fraction = [0.043478260869565216, 0.2, 0.19047619047619047, 0.2, 0.47619047619047616, 0.4444444444444444, 0.631578947368421, 0.7, 0.8421052631578947, 0.9473684210526315];
        double[] mean = [0.04860869565217392, 0.15234999999999999, 0.2550952380952381, 0.3489000000000001, 0.45342857142857146, 0.5471111111111111, 0.646157894736842, 0.75125, 0.8558947368421052, 0.9516315789473686];
        for (var b = 0; b < 10; b++)
        {
            Expect.Close(fraction[b], diagram.Bins[b].FractionPositive!.Value);
            Expect.Close(mean[b], diagram.Bins[b].MeanPredicted!.Value);
        }

        Expect.Close(0.046885000000000024, diagram.ExpectedCalibrationError);
        Assert.Equal(n, diagram.Count);
    }

    [Fact]
    public void Of_FewPoints_KeepsEmptyBinsWithoutMeans()
    {
        var diagram = ReliabilityDiagram.Of([0.05, 0.05, 0.95, 0.62], [false, true, true, false]);

        Assert.Equal(10, diagram.Bins.Count);
        Assert.Equal([2, 0, 0, 0, 0, 0, 1, 0, 0, 1], diagram.Bins.Select(b => b.Count));
        Assert.Null(diagram.Bins[1].MeanPredicted);
        Assert.Null(diagram.Bins[1].FractionPositive);
        // scikit-learn: prob_true [0.5, 0.0, 1.0], prob_pred [0.05, 0.62, 0.95] for the non-empty bins.
        Expect.Close(0.5, diagram.Bins[0].FractionPositive!.Value);
        Expect.Close(0.05, diagram.Bins[0].MeanPredicted!.Value);
        Expect.Close(0.62, diagram.Bins[6].MeanPredicted!.Value);
        Assert.Equal(0.0, diagram.Bins[6].FractionPositive);
        Expect.Close(0.95, diagram.Bins[9].MeanPredicted!.Value);
        Expect.Close((2 * 0.45 + 0.62 + 0.05) / 4, diagram.ExpectedCalibrationError);
        Assert.Equal(0.9, diagram.Bins[8].Upper);
        Assert.Equal(1.0, diagram.Bins[9].Upper);
    }

    [Fact]
    public void Of_ProbabilityOutsideTheUnitInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliabilityDiagram.Of([1.2], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReliabilityDiagram.Of([double.NaN], [true]));
    }
}
