using Rewards.DevHost.Demo;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

[Collection(StorageCollection.Name)]
public sealed class DemoSeedTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Seeding_the_demo_never_replaces_rules_an_admin_has_set()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (set, _) = await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: new { timeZone = "Asia/Shanghai", dailyCap = 77 });

        await DemoSeed.SeedAsync(app.Services, CancellationToken.None);
        var (_, rules) = await app.SendAsync(HttpMethod.Get, "/api/admin/rules");

        Assert.Equal(200, set);
        Assert.Equal(77, rules.Value<int>("dailyCap"));
    }
}
