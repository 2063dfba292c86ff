using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Registry;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Dialogs;

/// <summary>
/// Creates an ensemble (<see cref="EnsembleBuilder"/>) from 2 to 5 of the model's versions with weights. What can be checked
/// here is checked before asking; the server's refusals (schema, label, positive class) come back under their rows.
/// The result's data is the new version.
/// </summary>
public partial class EnsembleDialog
{
    private readonly List<Row> _rows = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _generalError;
    private string? _description;
    private bool _creating;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<EnsembleDialog> Log { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    /// <summary>The model's versions; ensembles among them are not offered (ensembles do not nest).</summary>
    [Parameter] public IReadOnlyList<ModelVersionInfo> Versions { get; set; } = [];

    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, string model, IReadOnlyList<ModelVersionInfo> versions)
    {
        var parameters = new DialogParameters<EnsembleDialog> { { d => d.Model, model }, { d => d.Versions, versions } };
        return dialogs.ShowAsync<EnsembleDialog>("Create an ensemble", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
    }

    private sealed class Row
    {
        public int? Version { get; set; }
        public double Weight { get; set; } = 1;
    }

    private IReadOnlyList<ModelVersionInfo> Candidates =>
        Versions.Where(v => v.Source != VersionSources.Ensemble).OrderByDescending(v => v.Version).ToList();

    protected override void OnInitialized()
    {
        // The two newest versions, the usual first try.
        foreach (var v in Candidates.Take(EnsembleBuilder.MinComponents)) _rows.Add(new Row { Version = v.Version });
    }

    private static string Describe(ModelVersionInfo v)
    {
        var aliases = v.Aliases.Count > 0 ? $" ({string.Join(", ", v.Aliases)})" : v.Stage == ModelStage.Archived ? " (archived)" : "";
        return $"v{v.Version}{aliases} · {v.Trainer} · AUC {Format.Metric(v.Metrics.Auc)}";
    }

    private void SetVersion(int index, int? version)
    {
        _rows[index].Version = version;
        Forget($"components[{index}].version");
    }

    private void SetWeight(int index, double weight)
    {
        _rows[index].Weight = weight;
        Forget($"components[{index}].weight");
    }

    private void Add()
    {
        if (_rows.Count >= EnsembleBuilder.MaxComponents) return;
        var next = Candidates.FirstOrDefault(c => _rows.All(r => r.Version != c.Version));
        _rows.Add(new Row { Version = next?.Version });
        _errors = new Dictionary<string, string[]>();
    }

    private void Remove(int index)
    {
        if (_rows.Count <= EnsembleBuilder.MinComponents) return;
        _rows.RemoveAt(index);
        _errors = new Dictionary<string, string[]>(); // the indexes moved
    }

    private void Forget(string field) => _errors = _errors.Where(e => e.Key != field).ToDictionary();

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>What the form can tell without the server: each row has a version, none twice, weights above 0, 2 to 5 rows.</summary>
    private Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        if (_rows.Count is < EnsembleBuilder.MinComponents or > EnsembleBuilder.MaxComponents)
            errors["components"] = [$"Choose {EnsembleBuilder.MinComponents} to {EnsembleBuilder.MaxComponents} versions."];
        for (var i = 0; i < _rows.Count; i++)
        {
            var row = _rows[i];
            if (row.Version is null) errors[$"components[{i}].version"] = ["Choose a version."];
            else if (_rows.Take(i).Any(r => r.Version == row.Version)) errors[$"components[{i}].version"] = [$"v{row.Version} is already chosen above."];
            if (!(row.Weight > 0 && double.IsFinite(row.Weight))) errors[$"components[{i}].weight"] = ["Above 0."];
        }

        return errors;
    }

    private async Task CreateAsync()
    {
        _generalError = null;
        var errors = Check();
        _errors = errors;
        if (errors.Count > 0)
        {
            if (errors.TryGetValue("components", out var list)) _generalError = list[0];
            return;
        }

        _creating = true;
        try
        {
            var user = AuthState is null ? null : (await AuthState).User.Identity?.Name;
            var request = new EnsembleRequest(_rows.Select(r => new EnsembleComponentRequest(r.Version!.Value, r.Weight)).ToList(), _description);
            if (await Builder.CreateAsync(Model, request, user ?? "anonymous") is not { } created)
            {
                _generalError = $"Model '{Model}' no longer exists.";
                return;
            }

            var version = created.Version;
            Snackbar.Add($"{version.Model} v{version.Version} created: {EnsembleOptions.Describe(version)}, AUC {Format.Metric(version.Metrics.Auc)} on {Format.Count(version.Metrics.TestRows)} rows.", Severity.Success);
            MudDialog.Close(DialogResult.Ok(version));
        }
        catch (EnsembleValidationException ex)
        {
            _errors = ex.Errors;
            // Errors without a field of their own on the form (the list as a whole, the dataset) go in the alert.
            var rowFields = Enumerable.Range(0, _rows.Count).SelectMany(i => new[] { $"components[{i}].version", $"components[{i}].weight" }).Append("description").ToHashSet();
            var other = ex.Errors.Where(e => !rowFields.Contains(e.Key)).SelectMany(e => e.Value).ToList();
            if (other.Count > 0) _generalError = string.Join(" ", other);
        }
        catch (Exception ex)
        {
            _generalError = UserFacingError.Describe(Log, ex, "The ensemble could not be created");
        }
        finally
        {
            _creating = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
