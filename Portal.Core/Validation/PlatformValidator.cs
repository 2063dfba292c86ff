namespace Portal.Core.Validation;

/// <summary>
/// Runs validation steps one after the other, each under its own timeout: a step that throws or overruns is a failed
/// line and the next step still runs, so one broken part never hides the state of the others.
/// </summary>
public sealed class PlatformValidator(TimeProvider time)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public async Task<ValidationReport> RunAsync(IEnumerable<ValidationStep> steps, TimeSpan timeout, CancellationToken ct = default)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var checks = new List<ValidationCheck>();
        foreach (var step in steps)
        {
            ct.ThrowIfCancellationRequested();
            var begun = time.GetTimestamp();
            var result = await RunOneAsync(step, timeout, ct);
            checks.Add(new ValidationCheck(step.Name, result.Outcome, (long)time.GetElapsedTime(begun).TotalMilliseconds, result.Detail));
        }

        var verdict = checks.Any(c => c.Outcome == CheckOutcomes.Fail) ? ValidationReport.Failed : ValidationReport.Passed;
        return new ValidationReport(verdict, startedAt, (long)time.GetElapsedTime(started).TotalMilliseconds, checks);
    }

    private async Task<CheckResult> RunOneAsync(ValidationStep step, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            // WaitAsync too: a step that ignores its token still cannot hold up the run past its timeout.
            return await step.Run(limit.Token).WaitAsync(timeout, time, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && (ex is TimeoutException || ex is OperationCanceledException))
        {
            return CheckResult.Fail($"did not finish within {timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            return CheckResult.Fail($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
