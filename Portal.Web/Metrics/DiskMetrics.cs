using Portal.Core.Validation;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// <c>portal_data_disk_used_ratio</c> and <c>portal_data_disk_free_bytes</c> {path, folder=data|models}: the file system
/// of the data folder, and of the models folder when it is another one, read at scrape time (a statfs each). The
/// DataDiskUsageHigh / Critical alerts use the ratio (the seeds' 80 % and 95 %).
/// </summary>
public sealed class DiskMetrics
{
    private static readonly string[] Labels = ["path", "folder"];

    private readonly DiskUsageReader _reader;
    private readonly ILogger<DiskMetrics> _log;
    private readonly Gauge _used;
    private readonly Gauge _free;
    private readonly Lock _refresh = new();

    public DiskMetrics(PortalMetrics metrics, DiskUsageReader reader, ILogger<DiskMetrics> log)
    {
        _reader = reader;
        _log = log;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _used = factory.CreateGauge("portal_data_disk_used_ratio", "Used share (0..1) of the file system holding the portal's data folder (folder=data) or, when elsewhere, its models folder (folder=models).", Labels);
        _free = factory.CreateGauge("portal_data_disk_free_bytes", "Bytes free to the portal on the file system holding its data folder (folder=data) or, when elsewhere, its models folder (folder=models).", Labels);
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    public void Refresh()
    {
        lock (_refresh)
        {
            IReadOnlyList<DiskUsage> disks;
            try
            {
                disks = _reader.Read();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A scrape must still answer; the gauges keep their last values and the log says why.
                _log.LogWarning(ex, "The disk space of the portal's folders could not be read");
                return;
            }

            foreach (var disk in disks)
            {
                _used.WithLabels(disk.Path, disk.Folder).Set(disk.UsedRatio);
                _free.WithLabels(disk.Path, disk.Folder).Set(disk.FreeBytes);
            }
        }
    }
}
