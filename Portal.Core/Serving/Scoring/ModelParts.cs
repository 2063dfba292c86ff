using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// A loaded model split into what <see cref="CompiledScorer"/> handles separately: the featurizer (every transformer
/// before the predictor; ML.NET keeps running it, the compiler only probes it), an optional affine normalizer of the
/// feature vector (ModelTrainer puts one before logistic regression), the predictor's parameters and its Platt
/// calibration (inside the predictor, or a calibrator transformer after it as for FastForest).
/// </summary>
internal sealed record ModelParts(
    ITransformer Featurizer,
    NormalizingTransformer? Normalizer,
    string FeatureColumn,
    object Predictor,
    PlattCalibration Calibration)
{
    // The score column every binary prediction transformer writes and a calibrator transformer reads.
    private const string ScoreColumn = "Score";

    public static bool TryDecompose(ITransformer model, [NotNullWhen(true)] out ModelParts? parts, [NotNullWhen(false)] out string? why)
    {
        parts = null;
        var chain = new List<ITransformer>();
        Flatten(model, chain);
        var end = chain.Count - 1;

        PlattCalibration? separate = null;
        if (end >= 0 && chain[end] is ISingleFeaturePredictionTransformer<object> { Model: ICalibrator calibrator } calibratorTransformer)
        {
            if (calibrator is not PlattCalibrator platt)
                return Fail(out why, $"the calibrator is {calibrator.GetType().Name}; only Platt calibration is compiled");
            if (calibratorTransformer.FeatureColumnName != ScoreColumn)
                return Fail(out why, $"the calibrator reads '{calibratorTransformer.FeatureColumnName}', not the predictor's '{ScoreColumn}'");
            separate = new PlattCalibration(platt.Slope, platt.Offset);
            end--;
        }

        if (end < 0 || chain[end] is not ISingleFeaturePredictionTransformer<object> predictor || !IsBinaryPrediction(chain[end]))
            return Fail(out why, $"the model does not end in a binary classifier (its last step is {(end < 0 ? "missing" : chain[end].GetType().Name)})");

        var parameters = predictor.Model;
        PlattCalibration? inner = null;
        if (parameters is CalibratedModelParametersBase calibrated)
        {
            parameters = calibrated.SubModel;
            if (calibrated.Calibrator is PlattCalibrator platt) inner = new PlattCalibration(platt.Slope, platt.Offset);
            else if (separate is null) return Fail(out why, $"the calibrator is {calibrated.Calibrator.GetType().Name}; only Platt calibration is compiled");
        }

        // A calibrator transformer after the predictor overwrites the predictor's own Probability column.
        if ((separate ?? inner) is not { } calibration)
            return Fail(out why, "the classifier has no probability calibrator");

        var featurizer = chain.Take(end).ToList();
        NormalizingTransformer? normalizer = null;
        if (featurizer.Count > 0 && featurizer[^1] is NormalizingTransformer last)
        {
            normalizer = last;
            featurizer.RemoveAt(featurizer.Count - 1);
        }

        if (featurizer.Count == 0)
            return Fail(out why, "the model has no featurizing steps before its predictor");

        parts = new ModelParts(new TransformerChain<ITransformer>([.. featurizer]), normalizer, predictor.FeatureColumnName, parameters, calibration);
        why = null;
        return true;
    }

    /// <summary>The normalizer's scale and offset for the feature vector, when it is affine.</summary>
    public bool TryGetAffine(out ImmutableArray<float> scale, out ImmutableArray<float> offset)
    {
        scale = offset = default;
        if (Normalizer?.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
            return false;
        scale = affine.Scale;
        offset = affine.Offset;
        return true;
    }

    private static bool IsBinaryPrediction(ITransformer transformer) =>
        transformer.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(BinaryPredictionTransformer<>);

    /// <summary>Training nests chains (one-hot encoding, cache checkpoints): score through the flat list of steps.</summary>
    private static void Flatten(ITransformer transformer, List<ITransformer> into)
    {
        if (transformer is IEnumerable<ITransformer> chain)
            foreach (var inner in chain) Flatten(inner, into);
        else
            into.Add(transformer);
    }

    private static bool Fail(out string why, string reason)
    {
        why = reason;
        return false;
    }
}
