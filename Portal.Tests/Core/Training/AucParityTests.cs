using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>
/// The default trainer (FastTree with TrainerCatalog's defaults) against scikit-learn on the same split.
/// The sklearn figures are literals from `/usr/bin/python3 tools/reference/sklearn_auc_same_split.py`
/// (scikit-learn 1.2.1, pandas 1.5.3: GradientBoostingClassifier(n_estimators=100, random_state=0),
/// one-hot encoding and mean imputation, test fraction 0.2, seed 1, split by tools/reference/split.py).
/// </summary>
public class AucParityTests
{
    [Theory]
    [InlineData("credit_data.csv", "Status", "bad", 0.866117)]
    [InlineData("lending_club.csv", "Class", "bad", 0.719678)]
    [InlineData("customer_churn.csv", "churn", "yes", 0.929330)]
    [InlineData("breast_cancer.csv", "diagnosis", "malignant", 0.997988)]
    public void Train_DefaultFastTree_AucWithin002OfSklearnOnSameSplit(string file, string label, string positive, double sklearnAuc)
    {
        var model = new ModelTrainer().Train(SampleTables.Sample(file), new TrainingRequest(1, label, positive));

        Assert.InRange(model.Evaluation.Metrics.Auc, sklearnAuc - 0.02, sklearnAuc + 0.02);
    }
}
