using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Rewards.Functions.Catalog;
using Rewards.Functions.Storage;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Catalog;

/// <summary>
/// A reservation first tries the shards as its instance wrote them last. Two CatalogTables on one storage stand
/// for two instances: each one's guess goes stale when the other writes, and storage, not the guess, decides.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StockGuessTests(AzuriteFixture azurite)
{
    private static CatalogTables Instance(TestApp app) =>
        new(app.Service<TableServiceClient>(), app.Service<IOptions<StorageOptions>>(), TimeProvider.System);

    [Fact]
    public async Task Two_instances_taking_turns_on_stale_guesses_never_oversell_and_count_every_reservation()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.WithoutTimers());
        var (a, b) = (Instance(app), Instance(app));
        Assert.True(await a.AddAsync(new("g-1", "手套", null, null, 1, "p-1", 0, null, null, true, StockShards: 2), 7, CancellationToken.None));

        var results = new List<bool>();
        var redelivered = (StockLevel?)null;
        for (var i = 0; i < 10; i++)
        {
            results.Add(await (i % 3 == 0 ? b : a).ReserveAsync("g-1", $"r-{i}", 1, CancellationToken.None));
            if (i == 1)
            {
                // r-1 again on the instance that just wrote it: its guess is current and stock is left, so only the
                // marker's insert (409) stops a second take.
                var before = await a.StockAsync("g-1", CancellationToken.None);
                Assert.True(await a.ReserveAsync("g-1", "r-1", 1, CancellationToken.None));
                redelivered = await a.StockAsync("g-1", CancellationToken.None);
                Assert.Equal(before, redelivered);
            }
        }

        Assert.Equal(new StockLevel(5, 2, 0, 7, 0), redelivered);
        Assert.Equal([.. Enumerable.Repeat(true, 7), .. Enumerable.Repeat(false, 3)], results);
        Assert.Equal(new StockLevel(0, 7, 0, 7, 0), await a.StockAsync("g-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_restock_on_another_instance_is_seen_by_one_whose_guess_says_nothing_is_left()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: o => o.WithoutTimers());
        var (a, b) = (Instance(app), Instance(app));
        Assert.True(await a.AddAsync(new("g-2", "水杯", null, null, 1, "p-1", 0, null, null, true), 1, CancellationToken.None));
        Assert.True(await a.ReserveAsync("g-2", "r-1", 1, CancellationToken.None));

        Assert.False((await b.RestockAsync("g-2", 2, "restock-1", CancellationToken.None)).IsRefused);
        var reserved = await a.ReserveAsync("g-2", "r-2", 2, CancellationToken.None);

        Assert.True(reserved);
        Assert.Equal(new StockLevel(0, 3, 0, 1, 2), await a.StockAsync("g-2", CancellationToken.None));
    }
}
