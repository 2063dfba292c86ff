using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Dialogs;

/// <summary>
/// Registers a model trained elsewhere (an ML.NET zip or an ONNX file) (<see cref="ModelImporter"/>): the file, the dataset to evaluate it on,
/// its label and positive class. Refusals come back next to their fields; the result's data is the new version.
/// </summary>
public partial class ImportDialog
{
    private IReadOnlyList<DatasetInfo>? _datasets;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _generalError;
    private bool _importing;
    private IBrowserFile? _file;
    private string _model = "";
    private int? _datasetId;
    private string? _label;
    private string? _positiveClass;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ImportDialog> Log { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>Prefills the model name (the model page imports a new version of its model).</summary>
    [Parameter] public string? Model { get; set; }

    /// <summary>Opens the dialog; its result's data is the imported <see cref="ModelVersionInfo"/>.</summary>
    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, string? model = null)
    {
        var parameters = new DialogParameters<ImportDialog> { { d => d.Model, model } };
        return dialogs.ShowAsync<ImportDialog>("Import a model", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false });
    }

    private DatasetInfo? SelectedDataset => _datasets?.FirstOrDefault(d => d.Id == _datasetId);

    private IReadOnlyList<string> Columns => SelectedDataset?.Profile.Columns.Select(c => c.Name).ToList() ?? [];

    private IReadOnlyList<string> LabelValues =>
        SelectedDataset?.Profile.Find(_label ?? "")?.TopCategories?.Select(c => c.Value).ToList() ?? [];

    protected override async Task OnInitializedAsync()
    {
        _model = Model ?? "";
        try
        {
            _datasets = await Datasets.ListAsync();
        }
        catch (Exception ex)
        {
            _datasets = [];
            _generalError = LoadFailure.Describe(Log, ex, "The datasets");
        }

        if (_datasets.FirstOrDefault() is { } first) SelectDataset(first.Id);
    }

    private void SelectFile(IBrowserFile? file)
    {
        _file = file;
        _errors = _errors.Where(e => e.Key != ModelImportException.FileField).ToDictionary();
    }

    private void SelectDataset(int? id)
    {
        _datasetId = id;
        // A two-valued column is the likely label; the last one, as CSVs usually end with it.
        var binary = SelectedDataset?.Profile.Columns.Where(c => c.Distinct == 2).ToList() ?? [];
        SelectLabel((binary.LastOrDefault() ?? SelectedDataset?.Profile.Columns.LastOrDefault())?.Name);
    }

    private void SelectLabel(string? label)
    {
        _label = label;
        _positiveClass = null;
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task ImportAsync()
    {
        _generalError = null;
        var errors = new Dictionary<string, string[]>();
        if (!ModelNames.IsValid(_model)) errors["name"] = ["Use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit (at most 64)."];
        if (_file is null) errors[ModelImportException.FileField] = ["Choose the model file (.zip or .onnx)."];
        else if (_file.Size > ModelImporter.MaxArtefactBytes) errors[ModelImportException.FileField] = [$"A model file may be at most {ModelImporter.MaxArtefactBytes / (1024 * 1024)} MB."];
        if (_datasetId is null) errors["datasetId"] = ["Choose the dataset to evaluate the model on."];
        if (string.IsNullOrEmpty(_label)) errors["label"] = ["Choose the column the model predicts."];
        _errors = errors;
        if (errors.Count > 0) return;

        _importing = true;
        try
        {
            var bytes = new byte[_file!.Size];
            await using (var stream = _file.OpenReadStream(ModelImporter.MaxArtefactBytes))
                await stream.ReadExactlyAsync(bytes);
            var user = AuthState is null ? null : (await AuthState).User.Identity?.Name;
            var version = await Importer.ImportAsync(_model, new ModelImportRequest(_datasetId!.Value, _label!, _positiveClass), bytes, user ?? "anonymous");
            Snackbar.Add($"{version.Model} v{version.Version} imported, AUC {Format.Metric(version.Metrics.Auc)} on {Format.Count(version.Metrics.TestRows)} rows.", Severity.Success);
            MudDialog.Close(DialogResult.Ok(version));
        }
        catch (ModelImportException ex)
        {
            _errors = ex.Errors;
            if (!ex.Errors.Keys.Any(k => k is "name" or "file" or "datasetId" or "label" or "positiveClass")) _generalError = ex.Message;
        }
        catch (Exception ex)
        {
            _generalError = UserFacingError.Describe(Log, ex, "The model could not be imported");
        }
        finally
        {
            _importing = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
