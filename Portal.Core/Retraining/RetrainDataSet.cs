using Portal.Core.Datasets;

namespace Portal.Core.Retraining;

/// <summary>The dataset a retrain trains on, with its lineage and a sentence for the data step.</summary>
public sealed record RetrainDataSet(DatasetInfo Dataset, RetrainLineage Lineage, string Summary);
