using Rewards.DevHost.Demo;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Hazards;

[Collection(StorageCollection.Name)]
public sealed class DemoHazardTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_demo_seeds_reports_in_different_states_with_photos_drawn_at_seed_time()
    {
        await using var app = await TestApp.StartAsync(azurite);

        await DemoSeed.SeedAsync(app.Services, CancellationToken.None);
        var (_, page) = await app.SendAsync(HttpMethod.Get, "/api/admin/hazards?limit=100");
        var (_, backlog) = await app.SendAsync(HttpMethod.Get, "/api/admin/units/daxing-pharma/hazards");

        Assert.True(await DemoSeed.IsSeededAsync(app.Services, CancellationToken.None));
        Assert.Equal(["accepted", "rejected", "submitted", "submitted", "verified"], page["items"]!.Select(i => i.Value<string>("status")).Order());
        Assert.Contains(page["items"]!, i => i["duplicates"]!.Any(d => d.Value<string>("reason") == "photo"));
        Assert.Equal(1, backlog.Value<int>("open"));
        Assert.Equal(5 + 5 + 1, (await Hazards.BlobsAsync(app)).Count);
    }
}
