using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LogScale;

/// <summary>
/// Keeps the SQL text of the commands EF Core executes (its "Executed DbCommand" log), so the bench can ask SQLite for
/// the plans of the portal's own queries rather than of hand-written copies.
/// </summary>
internal sealed class CommandCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _commands = new();

    public bool Enabled { get; set; }

    /// <summary>The commands captured since the last call, and forgets them.</summary>
    public List<string> Take()
    {
        var taken = new List<string>();
        while (_commands.TryDequeue(out var sql)) taken.Add(sql);
        return taken;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CommandCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category == "Microsoft.EntityFrameworkCore.Database.Command";

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!capture.Enabled || state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
            foreach (var (name, value) in values)
                if (name == "commandText" && value is string sql) capture._commands.Enqueue(sql);
        }
    }
}
