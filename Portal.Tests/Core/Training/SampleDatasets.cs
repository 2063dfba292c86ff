namespace Portal.Tests.Core.Training;

/// <summary>The CSVs in samples/ with the label column each is trained on.</summary>
internal static class SampleDatasets
{
    public static readonly (string File, string Label)[] Labelled =
    [
        ("breast_cancer.csv", "diagnosis"),
        ("credit_data.csv", "Status"),
        ("customer_churn.csv", "churn"),
        ("lending_club.csv", "Class"),
    ];
}
