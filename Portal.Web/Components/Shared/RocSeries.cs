using Portal.Core.Training;

namespace Portal.Web.Components.Shared;

/// <summary>One ROC curve of a chart that may overlay several (e.g. two versions compared).</summary>
/// <param name="Color">The curve's colour; none takes the chart's palette in order.</param>
public sealed record RocSeries(string Name, IReadOnlyList<RocPoint> Points, double Auc, string? Color = null);
