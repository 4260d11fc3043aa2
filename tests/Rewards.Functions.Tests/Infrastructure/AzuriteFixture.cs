using Rewards.DevHost.Hosting;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>One in-memory Azurite for the whole test run, on free ports; each test then uses tables and queues of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() =>
        _azurite = await Azurite.StartAsync(Azurite.FindRepositoryRoot(AppContext.BaseDirectory), location: null);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage";
}
