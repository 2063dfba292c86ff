using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>
/// Sweeps: every candidate scored by stratified k-fold CV on the training part only (exactly <see cref="StratifiedFolds"/>'
/// folds), the best mean fold AUC chosen and refitted, progress over the whole sweep, and cancellation between fits.
/// </summary>
public sealed class SweepTests
{
    private static readonly Portal.Core.Datasets.CsvTable BreastCancer = SampleTables.Sample("breast_cancer.csv");

    /// <summary>Two trainers, four small candidates, three folds: fast, and with distinct fold scores.</summary>
    private static TrainingRequest SmallSweep(int folds = 3) => TrainingFixture.BreastCancer(TrainerKind.FastTree) with
    {
        Sweep = new SweepSpec(
            [TrainerKind.FastTree, TrainerKind.LogisticRegression],
            new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>
            {
                [TrainerKind.FastTree] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [3, 20] },
                [TrainerKind.LogisticRegression] = new Dictionary<string, IReadOnlyList<double>> { ["l2Regularization"] = [0.01, 50] },
            },
            folds),
    };

    private static readonly Lazy<TrainedModel> Swept = new(() => new ModelTrainer(1).Train(BreastCancer, SmallSweep()));

    [Fact]
    public void Sweep_ChosenCandidate_HasTheBestMeanOfItsStoredFoldAucs()
    {
        var sweep = Swept.Value.Sweep!;

        Assert.Equal(3, sweep.Folds);
        Assert.Equal(4, sweep.Candidates.Count);
        foreach (var c in sweep.Candidates)
        {
            Assert.Equal(3, c.FoldAucs.Count);
            Assert.Equal(c.FoldAucs.Average(), c.MeanAuc, 12);
            // Sample standard deviation (ddof = 1).
            var variance = c.FoldAucs.Sum(a => (a - c.MeanAuc) * (a - c.MeanAuc)) / (c.FoldAucs.Count - 1);
            Assert.Equal(Math.Sqrt(variance), c.StdAuc, 12);
        }

        var best = sweep.Candidates.Select((c, i) => (c.FoldAucs.Average(), -i)).Max().Item2 * -1;
        Assert.Single(sweep.Candidates, c => c.Chosen);
        Assert.True(sweep.Candidates[best].Chosen);
        // The registered model is the chosen candidate, refitted on the whole training part and tested once.
        Assert.Equal(sweep.Candidates[best].Trainer, Swept.Value.Trainer);
        Assert.Equal(sweep.Candidates[best].Options, Swept.Value.Options);
        Assert.Equal(456, Swept.Value.Evaluation.Metrics.TrainRows);
        Assert.Equal(113, Swept.Value.Evaluation.Metrics.TestRows);
    }

    [Fact]
    public void Sweep_FoldAucs_AreThoseOfFittingOnTheOtherStratifiedFoldsAndScoringTheFold()
    {
        var request = SmallSweep();
        var data = ModelTrainer.Load(BreastCancer, request);
        var trainLabels = data.Train.Select(r => data.Labels[r]).ToArray();
        // Re-derived here from StratifiedFolds itself, on the training part's row numbers: the test split never enters.
        var folds = StratifiedFolds.Assign(data.Train, trainLabels, 3, request.Seed);
        var trainer = new ModelTrainer(1);

        foreach (var stored in Swept.Value.Sweep!.Candidates)
        {
            var candidate = new SweepCandidate(stored.Trainer, stored.Options);
            for (var f = 0; f < 3; f++)
            {
                var fit = data.Train.Where((_, j) => folds[j] != f).ToArray();
                var scored = data.Train.Where((_, j) => folds[j] == f).ToArray();
                Assert.Empty(fit.Intersect(data.Test));
                var model = trainer.Fit(data, fit, candidate, request.Seed);
                var auc = BinaryMetrics.Auc(scored.Select(r => data.Labels[r]).ToArray(), ModelTrainer.Score(model, data, scored));
                Assert.Equal(auc, stored.FoldAucs[f], 12);
            }
        }
    }

    [Fact]
    public void Folds_CreditData_Seed1_MatchScikitLearnsStratifiedKFold()
    {
        var data = ModelTrainer.Load(SampleTables.Sample("credit_data.csv"), new TrainingRequest(1, "Status", "bad"));

        var folds = data.Folds(5, seed: 1);

        // tools/reference/cv_folds.py (scikit-learn 1.2.1): per fold (rows, positives), then the sum of its row numbers.
        Assert.Equal(3563, data.Train.Length);
        var sizes = Enumerable.Range(0, 5).Select(f => (folds.Count(x => x == f), data.Train.Where((r, j) => folds[j] == f && data.Labels[r]).Count())).ToArray();
        Assert.Equal([(713, 201), (713, 201), (713, 201), (712, 200), (712, 200)], sizes);
        var sums = Enumerable.Range(0, 5).Select(f => data.Train.Where((_, j) => folds[j] == f).Sum(r => (long)r)).ToArray();
        Assert.Equal([1617837L, 1584888L, 1567809L, 1564029L, 1580719L], sums);
    }

    [Fact]
    public void Sweep_Progress_IsMonotonicAndCoversEveryFitAndTheRefit()
    {
        var progress = new List<double>();

        new ModelTrainer(1).Train(BreastCancer, SmallSweep(folds: 2), new SyncProgress(progress));

        Assert.Equal(0, progress[0]);
        Assert.Equal(1, progress[^1]);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(progress.Distinct().Count(), progress.Count);
        // 4 candidates x 2 folds + the refit: each fit's end is a report of its own.
        Assert.True(progress.Count(p => p > 0.1 && p < 0.85) >= 8, string.Join(", ", progress));
    }

    [Fact]
    public void Sweep_CancelledBetweenFolds_Throws()
    {
        using var cts = new CancellationTokenSource();
        var progress = new List<double>();
        // Cancel once the first fold of the first candidate is done (its window ends at 0.1 + 0.75 / 13).
        var cancelling = new CallbackProgress(p =>
        {
            progress.Add(p);
            if (p >= 0.1 + 0.75 / 13) cts.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => new ModelTrainer(1).Train(BreastCancer, SmallSweep(), cancelling, cts.Token));

        Assert.InRange(progress[^1], 0.1 + 0.75 / 13, 0.1 + 2 * 0.75 / 13);
    }

    [Fact]
    public void Expand_GridAndDefaults_EveryCombinationOnceInOrder()
    {
        var request = new TrainingRequest(1, "y", "p", TrainerKind.FastTree, Options: new Dictionary<string, double> { ["learningRate"] = 0.3 },
            Sweep: new SweepSpec([TrainerKind.FastTree, TrainerKind.FastForest],
                new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>
                {
                    [TrainerKind.FastTree] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [10, 20], ["numberOfLeaves"] = [4, 8, 8] },
                    [TrainerKind.FastForest] = new Dictionary<string, IReadOnlyList<double>>(),
                }));

        var candidates = SweepGrid.Expand(request);

        Assert.Equal(5, candidates.Count);
        Assert.Equal([(10.0, 4.0), (10, 8), (20, 4), (20, 8)], candidates.Take(4).Select(c => (c.Options["numberOfTrees"], c.Options["numberOfLeaves"])));
        // The request's options apply to its own trainer; the rest keep the catalogue's defaults.
        Assert.All(candidates.Take(4), c => Assert.Equal(0.3, c.Options["learningRate"]));
        Assert.Equal(TrainerCatalog.Resolve(TrainerKind.FastForest, null), candidates[4].Options);
        Assert.Equal(5, SweepGrid.Count(request.Sweep!));
    }

    [Fact]
    public void Auto_DefaultGrid_IsSmallAndValid()
    {
        var auto = new SweepSpec(TrainerCatalog.Trainable);

        Assert.Empty(SweepGrid.Validate(auto with { Grid = SweepGrid.Default }, TrainingSettings.DefaultMaxSweepCandidates));
        Assert.Equal(SweepGrid.Count(auto), SweepGrid.Expand(new TrainingRequest(1, "y", "p", Sweep: auto)).Count);
        Assert.InRange(SweepGrid.Count(auto), 8, 16);
        Assert.Equal(TrainerCatalog.Trainable, SweepGrid.Expand(new TrainingRequest(1, "y", "p", Sweep: auto)).Select(c => c.Trainer).Distinct());
    }

    [Theory]
    [InlineData("trainers[1]")]
    [InlineData("grid.LightGbm")]
    [InlineData("grid.FastTree.numberOfTrees")]
    [InlineData("grid.FastTree.bogus")]
    [InlineData("folds")]
    [InlineData("grid")]
    public void Validate_BadSweep_NamesTheField(string field)
    {
        IReadOnlyDictionary<string, IReadOnlyList<double>> ft = field switch
        {
            "grid.FastTree.numberOfTrees" => new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [10, 0] },
            "grid.FastTree.bogus" => new Dictionary<string, IReadOnlyList<double>> { ["bogus"] = [1] },
            "grid" => new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [1, 2, 3, 4, 5, 6, 7], ["numberOfLeaves"] = [2, 3, 4, 5, 6, 7, 8] },
            _ => new Dictionary<string, IReadOnlyList<double>>(),
        };
        var grid = new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>> { [TrainerKind.FastTree] = ft };
        if (field == "grid.LightGbm") grid[TrainerKind.LightGbm] = new Dictionary<string, IReadOnlyList<double>>();
        TrainerKind[] trainers = field == "trainers[1]" ? [TrainerKind.FastTree, TrainerKind.Ensemble] : [TrainerKind.FastTree];
        var spec = new SweepSpec(trainers, grid, field == "folds" ? 21 : 5);

        var errors = SweepGrid.Validate(spec, maxCandidates: 48);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Validate_FoldsMoreThanAClassHasInTheTrainingPart_NamesFolds()
    {
        // 8 positives: 6 in the training part, too few for 7 folds.
        var csv = "x,y\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{(i % 5 == 0 ? "p" : "n")}"));
        var request = new TrainingRequest(1, "y", "p", Sweep: new SweepSpec([TrainerKind.LogisticRegression], null, 7));

        var error = Assert.Throws<TrainingValidationException>(() => ModelTrainer.Validate(SampleTables.FromText(csv), request));

        Assert.Equal(["folds"], error.Errors.Keys);
        Assert.Contains("has 6 rows in the training part", error.Errors["folds"][0], StringComparison.Ordinal);
    }
}
