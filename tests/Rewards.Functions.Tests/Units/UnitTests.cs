using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Units;

[Collection(StorageCollection.Name)]
public sealed class UnitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_unit_is_created_once_renamed_and_listed()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (created, unit) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "daxing-pharma", name = "大兴制药厂" });
        var (again, problem) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "daxing-pharma", name = "别的名字" });
        var (renamed, _) = await app.SendAsync(HttpMethod.Put, "/api/admin/units/daxing-pharma", json: new { name = "大兴制药" });
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/units");

        Assert.Equal((201, "大兴制药厂"), (created, unit.Value<string>("name")));
        Assert.Equal((409, "already-exists"), (again, problem.Value<string>("code")));
        Assert.Equal(200, renamed);
        Assert.Equal("大兴制药", Assert.Single(list["items"]!)!.Value<string>("name"));
    }

    [Fact]
    public async Task Renaming_an_unknown_unit_is_404_and_a_bad_name_is_refused_beside_its_field()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (missing, notFound) = await app.SendAsync(HttpMethod.Put, "/api/admin/units/nowhere", json: new { name = "无" });
        var (bad, invalid) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "a/b", name = "" });

        Assert.Equal((404, "unit-not-found"), (missing, notFound.Value<string>("code")));
        Assert.Equal((400, "validation-failed"), (bad, invalid.Value<string>("code")));
        Assert.NotNull(invalid["errors"]!["id"]);
        Assert.NotNull(invalid["errors"]!["name"]);
    }

    [Fact]
    public async Task The_worker_and_the_unit_board_show_the_units_name()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id = "huangcun-build", name = "黄村建工" });
        var token = await app.WorkerAsync("w-005", "huangcun-build", "陈静");
        await app.ContentAsync("c-1", 5, 0);
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-1/views", token);
        var (completed, _) = await app.SendAsync(HttpMethod.Post, $"/api/content/c-1/views/{view.Value<string>("viewId")}/complete", token);
        Assert.Equal(200, completed);

        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", token);
        Assert.Equal("黄村建工", me.Value<string>("unitName"));
        await TestApp.EventuallyAsync(async () =>
        {
            var (_, board) = await app.SendAsync(HttpMethod.Get, "/api/leaderboards/units?period=all", token);
            return board["items"]!.Any(i => i.Value<string>("id") == "huangcun-build" && i.Value<string>("displayName") == "黄村建工");
        }, "the unit board names the unit");
    }
}
