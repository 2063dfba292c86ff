using Portal.Core.Audit;
using Portal.Core.Validation;

namespace Portal.Web.Validation;

/// <summary>
/// Where a validation run starts, from the API or the System page alike: it runs the checks, records the run in the
/// audit log (platform.validated, with the verdict) and keeps the last report, which the System page shows on arrival.
/// </summary>
public sealed class ValidationRuns(Func<CancellationToken, Task<ValidationReport>> run, IAuditLog audit) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public void Dispose() => _one.Dispose();

    /// <summary>The last finished run since the portal started; null before the first.</summary>
    public ValidationReport? Last { get; private set; }

    /// <summary>One run at a time: a second caller waits for the first (the checks train a model; two at once only cost CPU).</summary>
    public async Task<ValidationReport> RunAsync(string user, CancellationToken ct = default)
    {
        await _one.WaitAsync(ct);
        try
        {
            var report = await run(ct);
            Last = report;
            await audit.RecordAsync(user, AuditActions.PlatformValidated, report.Verdict, new
            {
                report.Verdict,
                report.DurationMs,
                failed = report.Checks.Where(c => c.Outcome == CheckOutcomes.Fail).Select(c => c.Name).ToList(),
                checks = report.Checks.Count,
            }, CancellationToken.None);
            return report;
        }
        finally
        {
            _one.Release();
        }
    }
}
