using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>
/// Builds a version's <see cref="DriftReference"/> from its training dataset file, read one row at a time: every row up
/// to <see cref="MaxRows"/>, else a seeded sample of that many (the rows with the smallest <see cref="DataSplit.Key"/> under
/// <see cref="SampleSeed"/>: uniform and reproducible), so a reference holds at most <see cref="MaxRows"/> values a feature
/// whatever the file's size. Under the cap the profiles are those of every row, as when the whole table was read.
/// </summary>
public static class ReferenceProfileBuilder
{
    /// <summary>Most reference rows: the size of the largest drift window (<see cref="DriftSettings.MaxRows"/>'s default).</summary>
    public const int MaxRows = 200_000;

    /// <summary>The sample's key seed: not a split seed, so the sample is not the test split of a default training run.</summary>
    public const int SampleSeed = 0x5EED;

    /// <summary>Profiles of each schema feature from the CSV in <paramref name="csv"/>; a feature missing from its header is an error.</summary>
    /// <param name="expectedRows">The file's data rows when known (the dataset's count): the slots are then allocated once, not grown.</param>
    public static DriftReference Build(Stream csv, FeatureSchema schema, int maxRows = MaxRows, long expectedRows = 0, CancellationToken ct = default)
    {
        using var reader = CsvRowReader.Open(csv);
        var features = schema.Features;
        var columns = features.Select(f => IndexOf(reader.Headers, f.Name)).ToArray();
        var missing = features.Where((_, i) => columns[i] < 0).Select(f => f.Name).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"The training dataset has no column '{string.Join("', '", missing)}'.");

        // Column-wise slots: a number or a category a feature, kept only for the sampled rows.
        var numeric = features.Select(f => DriftFeatureValues.TypeOf(f) == FeatureTypes.Numeric).ToArray();
        var capacity = maxRows;
        var initial = (int)Math.Min(capacity, Math.Max(expectedRows, 1024));
        var numbers = features.Select((_, i) => numeric[i] ? new double[initial] : []).ToArray();
        var categories = features.Select((_, i) => numeric[i] ? [] : new string?[initial]).ToArray();
        var sampler = new RowSampler(capacity);
        var row = 0;
        while (reader.Read())
        {
            if ((row & 4095) == 0) ct.ThrowIfCancellationRequested();
            var slot = sampler.Offer(DataSplit.Key(SampleSeed, row++));
            if (slot < 0) continue;
            var cells = reader.Cells;
            for (var i = 0; i < features.Count; i++)
            {
                if (numeric[i]) Grow(ref numbers[i], slot, capacity)[slot] = DriftFeatureValues.Number(cells[columns[i]]);
                else Grow(ref categories[i], slot, capacity)[slot] = DriftFeatureValues.Category(features[i], cells[columns[i]]);
            }
        }

        var count = sampler.Count;
        var profiles = new ReferenceProfile[features.Count];
        Parallel.For(0, features.Count, i => profiles[i] = numeric[i]
            ? ReferenceProfile.Numeric(features[i].Name, numbers[i].AsSpan(0, count))
            : ReferenceProfile.Categorical(features[i].Name, new ArraySegment<string?>(categories[i], 0, count)));
        return new DriftReference(schema, count, profiles);
    }

    /// <summary>Without a row count the slots grow with the rows read, so a small file does not pay for the cap.</summary>
    private static T[] Grow<T>(ref T[] slots, int slot, int capacity)
    {
        if (slot >= slots.Length) Array.Resize(ref slots, (int)Math.Min(capacity, Math.Max(slot + 1, 2L * slots.Length)));
        return slots;
    }

    private static int IndexOf(IReadOnlyList<string> headers, string column)
    {
        for (var i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i], column, StringComparison.Ordinal)) return i;
        return -1;
    }
}
