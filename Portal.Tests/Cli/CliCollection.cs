namespace Portal.Tests.Cli;

/// <summary>The CLI test classes share one portal (training it is the slow part) and so run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "cli";
}
