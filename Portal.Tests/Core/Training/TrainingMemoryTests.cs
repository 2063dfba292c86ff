using System.Globalization;
using System.Text;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingMemoryCollection
{
    /// <summary>
    /// Peak memory is the process's: nothing else may run beside these tests (measured in session 34, 300,000 rows: streamed
    /// 161-255 MB, in memory 509-622 MB). The streamed figure depends on what ran before in the process: after other tests
    /// the GC lets more garbage gather before it collects (the managed heap held +252 MB at the 255 MB peak).
    /// </summary>
    public const string Name = "training memory";
}

/// <summary>
/// Training a generated file of <see cref="Rows"/> rows x 20 columns, measured by the growth of this process's peak
/// resident memory (VmRSS sampled every 10 ms with VmHWM, reset through /proc/self/clear_refs, as a backstop). The
/// bound is generous for the streamed path and well below what the in-memory table needs, which the second test checks
/// so the bound keeps meaning something. ML.NET is warmed up first, so its code's loading is not counted in either.
/// </summary>
[Collection(TrainingMemoryCollection.Name)]
public sealed class TrainingMemoryTests : IDisposable
{
    private const int Rows = 300_000;
    // Between the two paths' spreads (streamed 161-266 MB, CI included; in memory 509-622 MB), with room on each side.
    private const long BoundBytes = 400L << 20;

    private readonly string _folder = Directory.CreateTempSubdirectory("portal-memory-").FullName;
    private readonly string _file;
    private readonly TrainingRequest _request = new(1, "default", "yes", TrainerKind.LightGbm, 0.2, 1);

    public TrainingMemoryTests()
    {
        _file = Path.Combine(_folder, "generated.csv");
        Generate(_file, Rows, seed: 5);
    }

    [Fact]
    public void Train_StreamedFileLightGbm_PeakGrowthUnderBound()
    {
        TrainedModel? model = null;
        var growth = PeakGrowth(() => model = new ModelTrainer(1).Train(() => File.OpenRead(_file), _request));

        Console.WriteLine($"streamed: peak resident memory grew by {growth >> 20} MB");
        Assert.True(growth < BoundBytes, $"peak resident memory grew by {growth >> 20} MB training {Rows} streamed rows; the bound is {BoundBytes >> 20} MB");
        Assert.Equal(Rows / 5, model!.Evaluation.Metrics.TestRows, tolerance: 1);
        Assert.InRange(model.Evaluation.Metrics.Auc, 0.7, 1);
    }

    [Fact]
    public void Train_InMemoryTable_PeakGrowthAboveBound()
    {
        var growth = PeakGrowth(() =>
        {
            using var stream = File.OpenRead(_file);
            new ModelTrainer(1).Train(Portal.Core.Datasets.CsvTableReader.Read(stream), _request);
        });

        Console.WriteLine($"in memory: peak resident memory grew by {growth >> 20} MB");
        Assert.True(growth > BoundBytes, $"peak resident memory grew by only {growth >> 20} MB training {Rows} rows held in memory");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Growth of the peak resident size while <paramref name="train"/> runs (see <see cref="Measure"/>).</summary>
    internal static long PeakGrowth(Action train) => Measure(train).Growth;

    /// <summary>
    /// The peak resident size's growth over <paramref name="train"/>, with the managed heap's share of it (the GC's
    /// allocated bytes at the sample of the peak, above where they stood) and the bytes allocated meanwhile: what is left
    /// of the growth is native (ML.NET's LightGBM, code) or free memory the GC kept.
    /// </summary>
    internal static MemoryPeak Measure(Action train)
    {
        WarmUp();
        // Aggressive: the GC also gives back the free memory it keeps resident, which a later run would reuse unseen.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = Status("VmRSS:");
        var managedBefore = GC.GetTotalMemory(false);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var heapBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        // "5" resets the peak (VmHWM) to the current resident size (Linux 4.0 and later). The kernel raises VmHWM only when
        // memory is unmapped, and the GC gives memory back with madvise, not munmap: the resident size is sampled as well.
        File.WriteAllText("/proc/self/clear_refs", "5");
        long peak = before, managedAtPeak = managedBefore, managedPeak = managedBefore, committedPeak = 0, heapAfterGcPeak = 0;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            do
            {
                var resident = Status("VmRSS:");
                var managed = GC.GetTotalMemory(false);
                managedPeak = Math.Max(managedPeak, managed);
                var gc = GC.GetGCMemoryInfo();
                committedPeak = Math.Max(committedPeak, gc.TotalCommittedBytes);
                heapAfterGcPeak = Math.Max(heapAfterGcPeak, gc.HeapSizeBytes);
                if (resident > peak) (peak, managedAtPeak) = (resident, managed);
            }
            while (!done.Wait(10));
        }) { IsBackground = true };
        sampler.Start();
        try
        {
            train();
        }
        finally
        {
            done.Set();
            sampler.Join();
        }

        var result = new MemoryPeak(Math.Max(peak, Status("VmHWM:")) - before, managedAtPeak - managedBefore, managedPeak - managedBefore,
            GC.GetTotalAllocatedBytes() - allocatedBefore);
        Console.WriteLine($"peak resident growth {result.Growth >> 20} MB (from {before >> 20} MB); managed heap at that sample +{result.ManagedAtPeak >> 20} MB, " +
            $"at most +{result.ManagedPeak >> 20} MB; heap after a GC at most +{(heapAfterGcPeak - heapBefore) >> 20} MB; GC committed at most {committedPeak >> 20} MB (from {committedBefore >> 20} MB); allocated {result.Allocated >> 20} MB");
        return result;
    }

    /// <summary>The growth of the peak resident size, the managed heap's growth at that peak and at most, and the bytes allocated.</summary>
    internal sealed record MemoryPeak(long Growth, long ManagedAtPeak, long ManagedPeak, long Allocated);

    private static readonly Lazy<bool> WarmedUp = new(() =>
    {
        // ML.NET's and LightGBM's code is loaded and compiled on a first fit: a small one first, so the measured growth is
        // the data's, whichever test runs first.
        var folder = Directory.CreateTempSubdirectory("portal-memory-warm-").FullName;
        try
        {
            var file = Path.Combine(folder, "small.csv");
            Generate(file, 2_000, seed: 3);
            new ModelTrainer(1).Train(() => File.OpenRead(file), new TrainingRequest(1, "default", "yes", TrainerKind.LightGbm, 0.2, 1));
            using var stream = File.OpenRead(file);
            new ModelTrainer(1).Train(Portal.Core.Datasets.CsvTableReader.Read(stream), new TrainingRequest(1, "default", "yes", TrainerKind.LightGbm, 0.2, 1));
            return true;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    });

    private static void WarmUp() => _ = WarmedUp.Value;

    private static long Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// 14 numeric columns (2 with missing values), 5 categorical ones (3 to 12 categories) and a yes/no label drawn from a
    /// logistic model of a few of them: a credit-like table.
    /// </summary>
    internal static void Generate(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var header = Enumerable.Range(0, 14).Select(i => $"n{i}").Concat(Enumerable.Range(0, 5).Select(i => $"c{i}")).Append("default");
        writer.WriteLine(string.Join(',', header));
        var line = new StringBuilder();
        var numeric = new double[14];
        var categorical = new int[5];
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            for (var i = 0; i < numeric.Length; i++)
            {
                numeric[i] = Math.Round(random.NextDouble() * 100 - 20 + i, 3);
                if (i < 2 && random.NextDouble() < 0.05) line.Append(',');
                else line.Append(numeric[i].ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            for (var i = 0; i < categorical.Length; i++)
            {
                categorical[i] = random.Next(3 + i * 2);
                line.Append('k').Append(categorical[i].ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            var logit = -1.5 + 0.03 * (numeric[2] - 30) - 0.02 * (numeric[5] - 35) + 0.6 * (categorical[1] == 0 ? 1 : 0) + 0.4 * categorical[0] - 0.5;
            line.Append(random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no");
            writer.WriteLine(line);
        }
    }
}
