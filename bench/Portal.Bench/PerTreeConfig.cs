using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Portal.Bench;

/// <summary>Adds <see cref="PerTreeColumn"/> to the default columns.</summary>
public sealed class PerTreeConfig : ManualConfig
{
    public PerTreeConfig() => AddColumn(new PerTreeColumn());
}

/// <summary>Mean time per operation divided by the model's trees: ns per row per tree.</summary>
public sealed class PerTreeColumn : IColumn
{
    /// <summary>The default FastTree tree count; GlobalSetup runs in another process, so the column cannot read the model.</summary>
    public static int Trees { get; set; } = 100;

    public string Id => nameof(PerTreeColumn);
    public string ColumnName => "ns/row/tree";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean per row divided by the number of trees";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } stats ? (stats.Mean / Trees).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
