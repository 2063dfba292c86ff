namespace Portal.Tests.E2E;

/// <summary>
/// E2E classes run one after the other, after the parallel tests: each starts its own portal and trains models,
/// and on a two-core machine two at once starve Chromium's rendering past Playwright's timeouts.
/// Each class still gets its own <see cref="BrowserFixture"/> (class fixtures are per class).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2ECollection
{
    public const string Name = "E2E";
}
