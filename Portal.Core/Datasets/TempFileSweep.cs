namespace Portal.Core.Datasets;

/// <summary>
/// Deletes the temporary files a portal process that died left behind: uploads still arriving (<c>upload.tmp-*</c> in the
/// datasets folder or the bucket's local cache, <c>portal-upload.tmp-*</c> and <c>portal-dataset.tmp-*</c> in the system's
/// temporary folder) and training spills (<c>portal-spill.tmp-*</c>, see <see cref="Training.RowSpill"/>). A living process
/// deletes its own when done, so only files untouched for <see cref="MinAge"/> go: another portal may share the folder and
/// be writing one now (an upload or a spill writes steadily, so its time stays recent).
/// </summary>
public static class TempFileSweep
{
    public static readonly TimeSpan MinAge = TimeSpan.FromHours(1);

    /// <summary>The names the portal gives its temporary files (<see cref="DatasetFiles.TempPath"/>, <see cref="Training.RowSpill.NewPath"/>).</summary>
    public static readonly IReadOnlyList<string> Patterns = ["upload.tmp-*", "portal-upload.tmp-*", "portal-dataset.tmp-*", "portal-spill.tmp-*"];

    /// <summary>Deletes the leftovers in <paramref name="folders"/> last written before <paramref name="now"/> - <see cref="MinAge"/>.</summary>
    public static TempFileSweepResult Sweep(IEnumerable<string> folders, DateTimeOffset now)
    {
        var cutoff = (now - MinAge).UtcDateTime;
        int count = 0, failed = 0;
        long bytes = 0;
        foreach (var folder in folders.Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var pattern in Patterns)
            {
                foreach (var file in new DirectoryInfo(folder).EnumerateFiles(pattern, SearchOption.TopDirectoryOnly))
                {
                    if (file.LastWriteTimeUtc >= cutoff) continue;
                    try
                    {
                        var length = file.Length;
                        file.Delete();
                        count++;
                        bytes += length;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // Another process's file, or one in use: counted, never a reason to stop the start-up.
                        failed++;
                    }
                }
            }
        }

        return new TempFileSweepResult(count, bytes, failed);
    }
}
