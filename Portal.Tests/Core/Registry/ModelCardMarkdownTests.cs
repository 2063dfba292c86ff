using Portal.Core.Datasets;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Tests.Core.Registry;

public sealed class ModelCardMarkdownTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static ModelVersionInfo Version(string source = VersionSources.Trained, int trainRows = 800, string? intendedUse = null, string? limitations = null) => new(
        "credit-risk", 3, Created, "alice", source == VersionSources.Imported ? TrainerKind.Imported : TrainerKind.FastTree,
        source == VersionSources.Imported ? new Dictionary<string, double>() : new Dictionary<string, double> { ["numberOfTrees"] = 100, ["learningRate"] = 0.2 },
        7, new string('a', 64), "Status", "bad", "good",
        new FeatureSchema(
        [
            new FeatureSpec("Seniority", ColumnType.Numeric),
            new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent", FeatureSchema.MissingCategory, FeatureSchema.OtherCategory], AllowMissing: true),
            new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
        ]),
        new Evaluation(new ModelMetrics(0.86491, 0.6, 0.8, 0.7, 0.5, 0.15, 0.45, 200, trainRows), [], new ConfusionMatrix(35, 15, 125, 25)),
        "/models/credit-risk/v3.zip", new string('f', 64), [ModelAliases.Champion], ModelStage.Production, null)
    {
        Source = source,
        IntendedUse = intendedUse,
        Limitations = limitations,
    };

    private static DatasetInfo Dataset() => new(7, "credit", "credit_data.csv", 1000, new string('a', 64), new DateTimeOffset(2026, 11, 19, 8, 0, 0, TimeSpan.Zero), "bob",
        new DatasetProfile(1000, [], []));

    private static AliasMove Promotion(int toVersion, string reason) => new(
        "credit-risk", ModelAliases.Champion, 2, toVersion, Created.AddHours(2), "carol", reason,
        [
            new GateResult(GateNames.MinAuc, true, 0.8649, 0.8, null, "AUC 0.8649 is at least 0.8."),
            new GateResult(GateNames.MinF1ImprovementPct, false, 1.5, 2, 0.59, "F1 improved 1.5%, less than 2%."),
        ],
        AliasActions.Promote);

    [Fact]
    public void Render_TrainedVersion_HasEverySection()
    {
        var card = ModelCardBuilder.Build(Version(), Dataset(), [Promotion(3, "better recall"), Promotion(2, "other version")]);

        var md = ModelCardMarkdown.Render(card);

        Assert.StartsWith("# Model card: credit-risk v3\n", md);
        Assert.Contains("| **Trainer** | FastTree |", md);
        Assert.Contains("| **Created** | 2026-11-20 09:30 UTC by alice |", md);
        Assert.Contains("| **Stage** | Production |", md);
        Assert.Contains("| **Aliases** | champion |", md);
        Assert.Contains("| **Label** | Status (positive class `bad`, negative `good`) |", md);
        Assert.Contains($"| **Artefact SHA-256** | `{new string('f', 64)}` |", md);
        Assert.Contains("## Intended use\n\n_Not written yet._", md);
        Assert.Contains("## Limitations\n\n_Not written yet._", md);
        Assert.Contains("| **Dataset** | credit (id 7) |", md);
        Assert.Contains("| **Data window** | uploaded 2026-11-19 08:00 UTC by bob |", md);
        Assert.Contains("Training rows: 800 · test rows: 200", md);
        Assert.Contains("`learningRate` = 0.2, `numberOfTrees` = 100", md);
        Assert.Contains("held-out test split of 200 rows (20% of 1000 labelled rows)", md);
        Assert.Contains("| AUC | 0.8649 |", md);
        Assert.Contains("| Test rows | 200 |", md);
        Assert.Contains("| Home | categorical | owner, rent | yes |", md);
        Assert.Contains("| Records | boolean | no, yes | no |", md);
        Assert.DoesNotContain(FeatureSchema.OtherCategory, md);
        Assert.Contains("- **promote** to `champion` on 2026-11-20 11:30 UTC by carol (replacing v2): better recall", md);
        Assert.Contains("  - passed `minAuc`: actual 0.8649, threshold 0.8 — AUC 0.8649 is at least 0.8.", md);
        Assert.Contains("  - FAILED `minF1ImprovementPct`: actual 1.5, threshold 2, champion 0.59", md);
        Assert.DoesNotContain("other version", md);
    }

    [Fact]
    public void Render_UserText_IsEscapedAndKeepsParagraphs()
    {
        var card = ModelCardBuilder.Build(Version(intendedUse: "Scoring <script>alert(1)</script> loans.\n\nSecond paragraph.", limitations: "Not for A | B"), Dataset(), []);

        var md = ModelCardMarkdown.Render(card);

        Assert.Contains("Scoring &lt;script>alert(1)&lt;/script> loans.\n\nSecond paragraph.", md);
        Assert.DoesNotContain("<script>", md);
        Assert.Contains("## Limitations\n\nNot for A | B", md);
        Assert.Contains("This version has not been promoted.", md);
    }

    [Fact]
    public void Render_ImportedVersion_SaysItWasEvaluatedOnAllRows()
    {
        var card = ModelCardBuilder.Build(Version(VersionSources.Imported, trainRows: 0), Dataset(), []);

        var md = ModelCardMarkdown.Render(card);

        Assert.Contains("| **Source** | imported (trained elsewhere) |", md);
        Assert.Contains("| **Trainer** | Imported |", md);
        Assert.Contains("evaluated here on all 200 labelled rows", md);
        Assert.DoesNotContain("Trainer options", md);
    }

    [Fact]
    public void Render_DatasetGone_SaysSoWithItsHash()
    {
        var card = ModelCardBuilder.Build(Version(), dataset: null, []);

        var md = ModelCardMarkdown.Render(card);

        Assert.False(card.TrainingData!.Available);
        Assert.Contains($"Dataset 7 is no longer registered (file SHA-256 `{new string('a', 64)}`).", md);
    }

    [Fact]
    public void Build_FeatureCategories_LeaveOutTheMissingAndOtherMarkers()
    {
        var card = ModelCardBuilder.Build(Version(), Dataset(), []);

        Assert.Equal(["owner", "rent"], card.Features[1].Categories);
        Assert.Equal("categorical", card.Features[1].Type);
        Assert.Equal(200, card.TestRows);
        Assert.Equal(800, card.TrainingRows);
    }
}
