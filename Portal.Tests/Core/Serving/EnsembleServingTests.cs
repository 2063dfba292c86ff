using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;
using Portal.Tests.Core.Rollouts;

namespace Portal.Tests.Core.Serving;

/// <summary>An ensemble version loaded by the model server: leases score the weighted mean of the components, and a component that cannot load is named.</summary>
public sealed class EnsembleServingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-ensemble-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static async Task<ModelVersionInfo> RegisterEnsembleAsync(ArtefactStore artefacts, ModelVersionInfo like, int version, params (int Version, double Weight)[] components)
    {
        var manifest = new EnsembleManifest(like.Model, components.Select(c => new EnsembleComponent(c.Version, c.Weight, "FastTree", null, null, null)).ToList(), null, null, null, null);
        var stored = await artefacts.WriteAsync(like.Model, version, manifest.ToBytes());
        return like with { Version = version, Trainer = TrainerKind.Ensemble, ArtefactKey = stored.Key, Sha256 = stored.Sha256, Source = VersionSources.Ensemble };
    }

    [Fact]
    public async Task Load_AnEnsemble_ScoresTheWeightedMeanOfItsComponents()
    {
        var artefacts = new ArtefactStore(_root);
        var server = new ModelServer(artefacts, TimeProvider.System);
        var (v2, _) = await RolloutModels.ServeAsync(server, artefacts);
        var v1 = server.Find(RolloutModels.Model, null, 1).Value!;
        var ensembleInfo = await RegisterEnsembleAsync(artefacts, v2.Info, 4, (1, 1), (2, 3));
        server.Track(ensembleInfo);

        var ensemble = server.Load(ensembleInfo);

        Assert.Equal(ScorerKinds.Ensemble, ensemble.ScorerKind);
        Assert.Equal($"ensemble of v1 ({v1.ScorerKind}), v2 ({v2.ScorerKind})", ensemble.ScorerNote);
        Assert.Same(v1, ensemble.Components![0]); // the loaded champion is reused, not loaded again
        Assert.Equal([0.25, 0.75], ensemble.Shares!);
        var lease = ensemble.Rent();
        var one = v1.Rent();
        var two = v2.Rent();
        for (var row = 0; row < 3; row++)
        {
            foreach (var l in new[] { lease, one, two })
            {
                for (var i = 0; i < l.Input.Numeric.Length; i++) l.Input.Numeric[i] = (row + 1) * (i % 7 + 1) * 0.37f;
            }

            var expected = 0.25 * one.Score() + 0.75 * two.Score();
            Assert.Equal(expected, lease.Score(), 6);
        }
    }

    [Fact]
    public async Task Load_AnEnsembleWhoseComponentIsAltered_ThrowsNamingTheComponent()
    {
        var artefacts = new ArtefactStore(_root);
        var first = new ModelServer(artefacts, TimeProvider.System);
        var (v2, _) = await RolloutModels.ServeAsync(first, artefacts);
        var v1 = first.Find(RolloutModels.Model, null, 1).Value!.Info;
        var server = new ModelServer(artefacts, TimeProvider.System); // nothing loaded yet
        server.Track(v2.Info);
        var ensembleInfo = await RegisterEnsembleAsync(artefacts, v2.Info, 4, (1, 1), (2, 1));
        server.Track(ensembleInfo);
        await File.AppendAllTextAsync(artefacts.Resolve(v2.Info.ArtefactKey), "tampered");

        var unregistered = Assert.Throws<ArtefactIntegrityException>(() => server.Load(ensembleInfo));
        Assert.Contains("component v1 is not a registered version", unregistered.Message);

        server.Track(v1);
        var altered = Assert.Throws<ArtefactIntegrityException>(() => server.Load(ensembleInfo));
        Assert.Contains("its component v2 cannot serve", altered.Message);
        Assert.Contains("SHA-256", altered.Message);
    }
}
