using Rewards.DevHost.Hosting;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>
/// An Azurite of its own, with its data in a folder rather than in memory, so that a test can take storage
/// away (stop it) and bring it back on the same ports with the same data, as an outage would. Its tests run in
/// a collection of their own, so the outage touches no other test.
/// </summary>
public sealed class RestartableAzuriteFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rewards-azurite-" + Guid.NewGuid().ToString("N"));
    private Azurite? _azurite;

    public Azurite Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() =>
        _azurite = await Azurite.StartAsync(Azurite.FindRepositoryRoot(AppContext.BaseDirectory), _folder);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RestartableStorageCollection : ICollectionFixture<RestartableAzuriteFixture>
{
    public const string Name = "restartable-storage";
}
