using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Portal.Core.Datasets;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Predict;

/// <summary>
/// Tries a model from the browser: the form is generated from the chosen version's feature schema and
/// prefilled so that Predict works at once; the call is the same one the REST API makes.
/// </summary>
public partial class PredictPage
{
    private IReadOnlyList<ModelSummary>? _models;
    private string? _model;
    private ModelDetails? _details;
    private int _versionChoice;
    private ModelVersionInfo? _schemaVersion;
    private bool _loadingModel;
    private string? _error;

    private readonly Dictionary<string, double?> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _text = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private Prediction? _result;
    private Explanation? _explanation;
    private string? _unexplained;
    private DatasetProfile? _profile;
    private string? _failure;
    private string? _positiveClass;

    [Inject] private IModelRegistry Registry { get; set; } = default!;
    [Inject] private PredictionService Predictions { get; set; } = default!;
    [Inject] private DatasetService Datasets { get; set; } = default!;
    [Inject] private ILogger<PredictPage> Log { get; set; } = default!;

    /// <summary>The model to open with (<c>/predict?model=NAME</c>).</summary>
    [SupplyParameterFromQuery(Name = "model")] public string? Model { get; set; }

    /// <summary>A version to pin (<c>&amp;version=N</c>); the champion by default.</summary>
    [SupplyParameterFromQuery(Name = "version")] public int? Version { get; set; }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _models = (await Registry.ListModelsAsync()).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex)
        {
            _error = LoadFailure.Describe(Log, ex, "The models");
            return;
        }

        var initial = _models.FirstOrDefault(m => m.Name == Model) ?? _models.FirstOrDefault(m => m.ChampionVersion is not null) ?? _models.FirstOrDefault();
        if (initial is not null) await SelectModelAsync(initial.Name, Version);
    }

    private Task SelectModelAsync(string? name) => SelectModelAsync(name, null);

    private async Task SelectModelAsync(string? name, int? version)
    {
        _model = name;
        _details = null;
        _schemaVersion = null;
        ClearResult();
        if (name is null) return;
        _loadingModel = true;
        try
        {
            _details = await Registry.GetModelAsync(name);
        }
        catch (Exception ex)
        {
            _failure = LoadFailure.Describe(Log, ex, $"Model '{name}'");
        }
        finally
        {
            _loadingModel = false;
        }

        if (_details is null) return;
        var pinned = version is { } v && _details.Versions.Any(x => x.Version == v) ? v : (int?)null;
        await SelectVersionAsync(pinned ?? (_details.Summary.ChampionVersion is not null ? 0 : _details.Versions.Select(x => x.Version).DefaultIfEmpty(0).Max()));
    }

    /// <summary>0 is "the champion, whichever version it is"; any other number pins that version.</summary>
    private async Task SelectVersionAsync(int choice)
    {
        _versionChoice = choice;
        var number = choice == 0 ? _details?.Summary.ChampionVersion : choice;
        var schemaVersion = _details?.Versions.FirstOrDefault(v => v.Version == number);
        ClearResult();
        if (schemaVersion?.Version == _schemaVersion?.Version && schemaVersion?.Schema == _schemaVersion?.Schema && _schemaVersion is not null) return;
        _schemaVersion = schemaVersion;
        _profile = schemaVersion?.DatasetId is { } id ? (await Datasets.GetAsync(id))?.Profile : null;
        ResetForm();
    }

    /// <summary>
    /// Defaults that always predict and look like a real row: the training data's median and most frequent
    /// category when its dataset is known, else the training mean (when the version kept its range) or 0 and the first category.
    /// </summary>
    private void ResetForm()
    {
        _numeric.Clear();
        _text.Clear();
        ClearResult();
        if (_schemaVersion is null) return;
        _positiveClass = _schemaVersion.PositiveClass;
        foreach (var feature in _schemaVersion.Schema.Features)
        {
            var column = _profile?.Find(feature.Name);
            if (feature.Type == ColumnType.Numeric)
            {
                _numeric[feature.Name] = column?.Numeric?.P50 ?? (feature.Range is { } range ? Math.Round(range.Mean, 3) : 0);
                continue;
            }

            var choices = Choices(feature);
            var common = column?.TopCategories?.Select(c => c.Value).FirstOrDefault(choices.Contains);
            _text[feature.Name] = common ?? choices.FirstOrDefault();
        }
    }

    /// <summary>The values a user may pick: the trained categories without the internal missing/other markers.</summary>
    private static IReadOnlyList<string> Choices(FeatureSpec feature) =>
        (feature.Categories ?? []).Where(c => c is not FeatureSchema.MissingCategory and not FeatureSchema.OtherCategory).ToList();

    /// <summary>The known categories containing <paramref name="text"/> (all of them for an empty box).</summary>
    private static Task<IEnumerable<string>> SearchCategories(FeatureSpec feature, string? text)
    {
        IEnumerable<string> choices = Choices(feature);
        if (!string.IsNullOrWhiteSpace(text) && !choices.Contains(text, StringComparer.Ordinal))
            choices = choices.Where(c => c.Contains(text, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(choices);
    }

    /// <summary>A categorical field's helper text: how many categories the model knows.</summary>
    private static string CategoryHelp(FeatureSpec feature)
    {
        var known = Choices(feature).Count;
        var text = InputRangeCheck.HasEveryCategory(feature) ? $"category · {known} known" : $"category · {known} known, rarer ones grouped";
        return feature.AllowMissing ? $"{text} · may be left empty" : text;
    }

    /// <summary>The field's warning when its value is not a category the model was trained on (the rule the API applies), else null.</summary>
    private string? UnknownCategory(FeatureSpec feature) =>
        InputRangeCheck.HasEveryCategory(feature) && _text.GetValueOrDefault(feature.Name) is { Length: > 0 } value && !Choices(feature).Contains(value, StringComparer.Ordinal)
            ? "not a category the model was trained on"
            : null;

    /// <summary>The result's warning heading, by the kinds of warning it holds.</summary>
    private static string WarningsTitle(IReadOnlyList<InputWarning> warnings) =>
        warnings.All(w => w.Category is null) ? "Inputs far outside the training range"
        : warnings.All(w => w.Category is not null) ? "Categories not seen in training"
        : "Inputs unlike the training data";

    /// <summary>A numeric field's helper text: its training range when the version kept one.</summary>
    private static string NumericHelp(FeatureSpec feature)
    {
        var range = feature.Range is { } r ? $"training range {Format.Number(r.Min)} to {Format.Number(r.Max)}" : "training range unknown";
        return feature.AllowMissing ? $"number, may be left empty · {range}" : $"number · {range}";
    }

    /// <summary>The field's warning when its value is far outside the training range (the rule the API applies), else null.</summary>
    private string? OutOfRange(FeatureSpec feature) =>
        feature.Range is { } r && _numeric.GetValueOrDefault(feature.Name) is { } value && r.IsFarOutside(value)
            ? $"far outside the training range ({Format.Number(r.Min)} to {Format.Number(r.Max)})"
            : null;

    private bool HasError(string feature) => _errors.ContainsKey(feature);

    private string? ErrorOf(string feature) => _errors.TryGetValue(feature, out var messages) ? string.Join(" ", messages) : null;

    private void ClearResult()
    {
        _result = null;
        _explanation = null;
        _unexplained = null;
        _failure = null;
        _errors = new Dictionary<string, string[]>();
    }

    /// <summary>The request body's <c>features</c> object, built from the form.</summary>
    private JsonElement BuildFeatures()
    {
        var features = new JsonObject();
        foreach (var feature in _schemaVersion!.Schema.Features)
        {
            features[feature.Name] = feature.Type == ColumnType.Numeric
                ? _numeric.GetValueOrDefault(feature.Name) is { } number ? JsonValue.Create(number) : null
                : _text.GetValueOrDefault(feature.Name) is { } text ? JsonValue.Create(text) : null;
        }

        return JsonSerializer.SerializeToElement(features);
    }

    private void Predict()
    {
        if (_model is null || _schemaVersion is null) return;
        ClearResult();
        try
        {
            var features = BuildFeatures();
            var outcome = Predictions.Predict(_model, null, _versionChoice == 0 ? null : _versionChoice, features);
            if (outcome.Value is { } prediction)
            {
                _result = prediction;
                // Explained by the version that answered (the champion may be mid-rollout); its failure is a sentence, not an error.
                var explained = Predictions.Explain(prediction.Model, prediction.Version, JsonSerializer.SerializeToUtf8Bytes(features));
                _explanation = explained.Value;
                _unexplained = explained.Value is null ? explained.Message : null;
                // The champion may have moved since the form was built: name the class of the version that answered.
                _positiveClass = _details?.Versions.FirstOrDefault(v => v.Version == prediction.Version)?.PositiveClass ?? _positiveClass;
            }
            else
            {
                _failure = outcome.Message ?? "The prediction failed.";
                _errors = outcome.Errors ?? new Dictionary<string, string[]>();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.LogError(ex, "A prediction from the Predict page failed ({Model})", _model);
            _failure = "The prediction failed. Try again; if it keeps failing, the server log has the details.";
        }
    }
}
