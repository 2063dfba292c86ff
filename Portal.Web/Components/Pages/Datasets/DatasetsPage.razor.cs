using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Core.Datasets;
using Portal.Web.Components.Shared;
using Portal.Web.Extensions;

namespace Portal.Web.Components.Pages.Datasets;

/// <summary>
/// The datasets list and the upload: the browser's file streams over the circuit into <see cref="DatasetService.ImportAsync(Stream, string, string?, string, bool, IProgress{double}?, CancellationToken)"/>,
/// with one bar for the bytes received and one for the profile pass, and a Cancel that stops either (nothing is stored).
/// </summary>
public partial class DatasetsPage : IDisposable
{
    /// <summary>Re-render at most this often while a file streams in: one render per 32 KB chunk would flood the circuit.</summary>
    private const long RenderIntervalMs = 150;

    private IReadOnlyList<DatasetInfo>? _datasets;
    private MudFileUpload<IBrowserFile>? _upload;
    private DatasetInfo? _uploaded;
    private DatasetInfo? _duplicate;
    private string? _duplicateFile;
    private string? _cancelledFile;
    private string? _error;
    private bool _uploading;
    private UploadPhase _phase;
    private string? _uploadName;
    private long _uploadSize;
    private long _uploadedBytes;
    private double _profileFraction;
    private string? _uploadError;
    private int? _uploadErrorLine;
    private long _lastRenderTicks;
    private CancellationTokenSource? _importCts;

    private enum UploadPhase { Uploading, Profiling, Saving }

    [Inject] private ILogger<DatasetsPage> Log { get; set; } = default!;
    [Inject] private DatasetService Datasets { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IOptions<PortalOptions> Options { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The search text, kept in the URL (<c>?q=</c>) so a filtered list can be shared and survives a reload.</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }

    /// <summary>Portal:Datasets:MaxUploadMegabytes: the service enforces it while reading; the page says it and refuses larger files before reading any.</summary>
    private long MaxUploadBytes => Options.Value.Datasets.MaxUploadBytes;

    private double UploadFraction => _uploadSize == 0 ? 1 : Math.Min(1, (double)_uploadedBytes / _uploadSize);

    private void SearchAsync(string? text)
    {
        Query = string.IsNullOrWhiteSpace(text) ? null : text;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("q", Query), replace: true);
    }

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _datasets = (await Datasets.ListAsync()).OrderByDescending(d => d.CreatedAt).ToList();
            _error = null;
        }
        catch (Exception ex)
        {
            _error = LoadFailure.Describe(Log, ex, "The datasets");
        }
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        var file = e.File;
        _uploadError = null;
        _uploadErrorLine = null;
        _uploaded = null;
        _duplicate = null;
        _cancelledFile = null;
        if (file.Size > MaxUploadBytes)
        {
            // Refused before a byte crosses the circuit: the browser knows the size.
            _uploadError = $"{file.Name} is {Format.Megabytes(file.Size)}: {new DatasetTooLargeException(MaxUploadBytes).Message}";
            if (_upload is not null) await _upload.ClearAsync();
            return;
        }

        _uploading = true;
        _phase = UploadPhase.Uploading;
        _uploadName = file.Name;
        _uploadSize = file.Size;
        _uploadedBytes = 0;
        _profileFraction = 0;
        using var cts = new CancellationTokenSource();
        _importCts = cts;
        StateHasChanged();
        try
        {
            var user = AuthState is null ? "anonymous" : (await AuthState).User.Identity?.Name ?? "anonymous";
            // The service also counts the bytes against the limit as they arrive (the browser's size is only its claim).
            await using var stream = new ProgressStream(file.OpenReadStream(MaxUploadBytes, cts.Token), OnUploadProgress);
            _uploaded = await Datasets.ImportAsync(stream, file.Name, null, user, allowDuplicate: false, new InlineProgress(OnProfileProgress), cts.Token);
            await LoadAsync();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // The service deleted its temporary file; no dataset was registered.
            _cancelledFile = file.Name;
        }
        catch (DuplicateDatasetException ex)
        {
            _duplicate = ex.Existing;
            _duplicateFile = file.Name;
        }
        catch (CsvFormatException ex)
        {
            // The reader's message names the line; the chip makes it easy to spot.
            _uploadError = $"{file.Name}: {ex.Message}";
            _uploadErrorLine = ex.Line;
        }
        catch (DatasetTooLargeException ex)
        {
            _uploadError = $"{file.Name}: {ex.Message}";
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // Usually the browser's stream broke off: a warning for the log, a sentence for the user (no exception text).
            Log.LogWarning(ex, "Uploading {File} failed", file.Name);
            _uploadError = $"{file.Name} could not be uploaded: the transfer was interrupted. Try again; if it keeps failing, the server log has the details.";
        }
        finally
        {
            _importCts = null;
            _uploading = false;
            // The picker's chip would keep the file's name next to the button as if something were pending.
            if (_upload is not null) await _upload.ClearAsync();
        }
    }

    private void CancelUpload()
    {
        // Once profiled, the file is moved into the store and registered in a moment: too late to take back cleanly.
        if (_phase == UploadPhase.Saving) return;
        _importCts?.Cancel();
    }

    private void OnUploadProgress(long read)
    {
        _uploadedBytes = read;
        Render(read >= _uploadSize);
    }

    /// <summary>Called from the profile pass's thread a few times a second.</summary>
    private void OnProfileProgress(double fraction)
    {
        _phase = fraction >= 1 ? UploadPhase.Saving : UploadPhase.Profiling;
        _profileFraction = fraction;
        Render(force: fraction >= 1);
    }

    private void Render(bool force)
    {
        var now = Environment.TickCount64;
        if (!force && now - Interlocked.Read(ref _lastRenderTicks) < RenderIntervalMs) return;
        Interlocked.Exchange(ref _lastRenderTicks, now);
        _ = InvokeAsync(StateHasChanged);
    }

    /// <summary>Leaving the page stops an upload in flight, so its temporary file goes too.</summary>
    public void Dispose() => _importCts?.Cancel();

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post each report to the circuit's queue, after the import may have ended.</summary>
    private sealed class InlineProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
