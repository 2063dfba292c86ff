using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Data;

/// <summary>A migrated database with the real stores, on one provider, and a temp folder for files the test writes.</summary>
public interface IStoreDatabase : IAsyncDisposable
{
    string Folder { get; }
    ServiceProvider Services { get; }
    T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
