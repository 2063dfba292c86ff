namespace Portal.Tests.Api;

/// <summary>The labels, performance and export API tests share one trained 'cancer' model (positive class malignant, negative benign).</summary>
[CollectionDefinition(Name)]
public sealed class MonitoringCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "monitoring";
}
