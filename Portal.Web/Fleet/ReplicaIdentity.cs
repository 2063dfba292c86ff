using System.Reflection;

namespace Portal.Web.Fleet;

/// <summary>
/// Who this process is within a fleet: chosen once at start, never reused (a restarted process is a new replica),
/// so heartbeats, leases and change announcements name one process each.
/// </summary>
public sealed class ReplicaIdentity
{
    public ReplicaIdentity(TimeProvider time)
    {
        Host = Environment.MachineName;
        ProcessId = Environment.ProcessId;
        StartedAt = time.GetUtcNow();
        Id = $"{Host}-{ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        Version = typeof(ReplicaIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    }

    public string Id { get; }
    public string Host { get; }
    public int ProcessId { get; }
    public DateTimeOffset StartedAt { get; }
    public string Version { get; }
}
