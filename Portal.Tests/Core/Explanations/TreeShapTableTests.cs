using Portal.Core.Explanations;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Serving;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Explanations;

/// <summary>
/// The precomputed tables give every feature-vector slot the value Algorithm 2 (<see cref="TreeShap"/>, itself checked
/// against a brute-force enumeration in <see cref="TreeShapReferenceTests"/>) gives it, tree by tree, for every test row.
/// </summary>
public class TreeShapTableTests
{
    public static TheoryData<TrainerKind> TreeTrainers() => [TrainerKind.FastTree, TrainerKind.LightGbm, TrainerKind.FastForest];

    [Theory]
    [MemberData(nameof(TreeTrainers))]
    public void Add_EveryTestRowAndTree_EqualsAlgorithm2To1e9(TrainerKind trainer)
    {
        var model = ScoringModels.Train(ScoringModels.Credit, trainer);
        var transformer = ModelArtefact.Load(model.Artefact);
        Assert.True(ExplainableModel.TryDecompose(transformer, model.Schema, out var explainable, out var why), why);
        var trees = explainable.Trees!;
        var covers = model.Explanation!.Trees!;
        var fractions = trees.Select((tree, t) => new CoverFractions(tree, covers[t])).ToArray();
        var tables = trees.Select((tree, t) => TreeShapTable.TryCreate(tree, fractions[t])).ToArray();
        // Not vacuous: the tables explain (nearly) every tree of a shipped model; the rest falls back to Algorithm 2.
        Assert.True(tables.Count(t => t is not null) >= trees.Count(t => !t.IsConstant) * 9 / 10,
            $"{tables.Count(t => t is not null)} of {trees.Count} trees have a table");

        var data = ModelTrainer.Load(SampleTables.Sample(ScoringModels.Credit), ScoringModels.Request(ScoringModels.Credit, trainer));
        var width = explainable.Layout.Width;
        var features = new float[width];
        var byTable = new double[width];
        var byPath = new double[width];
        var decisions = new bool[trees.Max(t => t.Feature.Length) + 1];
        var workspace = TreeShapWorkspace.For(width, trees.Max(t => t.Depth));
        var compared = 0;
        foreach (var r in data.Test.Take(300))
        {
            explainable.Layout.Fill(data.Rows[r], features);
            for (var t = 0; t < trees.Count; t++)
            {
                if (tables[t] is not { } table) continue;
                Array.Clear(byTable);
                Array.Clear(byPath);
                table.Add(features, byTable, decisions);
                TreeShap.Add(trees[t], fractions[t], features, byPath, workspace);
                for (var j = 0; j < width; j++)
                    Assert.True(Math.Abs(byTable[j] - byPath[j]) <= 1e-9 * Math.Max(1, Math.Abs(byPath[j])),
                        $"row {r}, tree {t}, slot {j}: table {byTable[j]:R}, Algorithm 2 {byPath[j]:R}");
                compared += byPath.Count(v => v != 0);
            }
        }

        Assert.True(compared > 1000, $"only {compared} non-zero values compared");
    }
}
