using Microsoft.ML.Trainers;
using Portal.Core.Training;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// A linear model (logistic regression): score = bias + w . normalize(features), Platt-calibrated. Features that no
/// row changes (indicators that are off, constants) are summed once at compile time; a row adds its numeric terms and
/// one precomputed delta per categorical slot. ML.NET sums the dot product in float with SIMD, in an order this
/// cannot reproduce, so here it is summed in double: agreement is to about 1e-7, not to the bit.
/// </summary>
internal sealed class LinearScorer : CompiledScorer
{
    private readonly float _bias;
    private readonly double _constant;
    private readonly int[] _numericSlot;
    private readonly int[] _numericFeature;
    private readonly float[] _numericImputed;
    private readonly float[] _weights;
    private readonly double[] _delta;
    private readonly AffineNormalization? _normalization;
    private readonly PlattCalibration _calibration;

    private LinearScorer(FeatureSchema schema, FeatureLayout layout, float[] weights, float bias, AffineNormalization? normalization,
        PlattCalibration calibration, string description)
        : base(schema, layout, feature => feature, description)
    {
        _weights = weights;
        _bias = bias;
        _normalization = normalization;
        _calibration = calibration;

        var numeric = Enumerable.Range(0, layout.NumericTarget.Length).Where(i => layout.NumericTarget[i] >= 0).ToArray();
        _numericSlot = numeric;
        _numericFeature = numeric.Select(i => layout.NumericTarget[i]).ToArray();
        _numericImputed = numeric.Select(i => layout.Imputed[i]).ToArray();

        // Every feature a numeric slot does not write contributes its constant; an indicator switched on adds a delta.
        var isNumeric = new bool[layout.Width];
        foreach (var j in _numericFeature) isNumeric[j] = true;
        _delta = new double[layout.Width];
        for (var j = 0; j < layout.Width; j++)
        {
            if (isNumeric[j]) continue;
            var off = Term(j, layout.Constants[j]);
            _constant += off;
            _delta[j] = Term(j, 1f) - off;
        }
    }

    public static LinearScorer Create(LinearBinaryModelParameters model, FeatureSchema schema, FeatureLayout layout, AffineNormalization? normalization, PlattCalibration calibration)
    {
        var weights = new float[layout.Width];
        for (var j = 0; j < weights.Length; j++) weights[j] = model.Weights[j];
        var description = $"LogisticRegression: {layout.Width} weights{(normalization is null ? "" : ", normalized")}, Platt({calibration.Slope:G6}, {calibration.Offset:G6})";
        return new LinearScorer(schema, layout, weights, model.Bias, normalization, calibration, description);
    }

    public override float Score(ModelInput row) => _calibration.Probability(_bias + (float)Sum(row));

    internal override double Raw(ModelInput row) => _bias + Sum(row);

    private double Sum(ModelInput row)
    {
        var sum = _constant;
        var numeric = row.Numeric;
        var slots = _numericSlot;
        for (var k = 0; k < slots.Length; k++)
        {
            var value = numeric[slots[k]];
            sum += Term(_numericFeature[k], float.IsNaN(value) ? _numericImputed[k] : value);
        }

        var categorical = row.Categorical;
        for (var s = 0; s < CategoricalSlots; s++)
        {
            var feature = Category(s, categorical[s]);
            if (feature >= 0) sum += _delta[feature];
        }

        return sum;
    }

    // Linear models read every feature; random values around the imputed ones probe them well enough.
    internal override IReadOnlyList<float> ProbeValues(int slot) => [];

    private double Term(int feature, float value)
    {
        var normalized = _normalization?.Apply(feature, value) ?? value;
        return (double)_weights[feature] * normalized;
    }
}
