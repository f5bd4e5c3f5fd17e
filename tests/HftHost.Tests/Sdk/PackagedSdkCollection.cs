namespace HftHost.Tests.Sdk;

/// <summary>
/// Tests that pack the SDK and build plugins with the dotnet CLI run one at a time, alone:
/// each build wants both cores, and the feed they share is packed once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagedSdkCollection : ICollectionFixture<PackedSdkFeed>
{
    public const string Name = "packaged SDK (serial)";
}
