using Rewards.DevHost.Demo;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

[Collection(StorageCollection.Name)]
public sealed class DemoActivityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_demo_seeds_a_525_walk_and_a_wellbeing_session_whose_screen_works_at_once()
    {
        await using var app = await TestApp.StartAsync(azurite);

        await DemoSeed.SeedAsync(app.Services, CancellationToken.None);
        var demo = await DemoSeed.InfoAsync(app.Services, seeded: true, app.Http.BaseAddress!.ToString().TrimEnd('/'), CancellationToken.None);
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities");
        using var screenPage = await app.Http.GetAsync(new Uri(demo.CheckInScreen).PathAndQuery);
        var code = await ActivityApi.CodeAsync(app, "a-wellbeing");
        var token = new Uri(demo.WorkerLink!).Fragment.TrimStart('#');
        var (status, checkIn) = await ActivityApi.CheckInAsync(app, token, "a-wellbeing", code);

        Assert.Equal([("a-525-walk", "walk"), ("a-wellbeing", "wellbeing")], list["items"]!.Select(i => (i.Value<string>("id")!, i.Value<string>("kind")!)).Order());
        Assert.Contains("/console/activities/a-wellbeing/checkin#st_", demo.CheckInScreen, StringComparison.Ordinal);
        var (screenStatus, screen) = await app.SendAsync(HttpMethod.Get, "/api/screen/checkin-code", new Uri(demo.CheckInScreen).Fragment.TrimStart('#'));
        Assert.Equal((200, "a-wellbeing"), (screenStatus, screen.Value<string>("activityId")));
        Assert.Equal(System.Net.HttpStatusCode.OK, screenPage.StatusCode);
        Assert.Equal(201, status);
        Assert.Equal(5, checkIn.Value<long>("awarded"));
    }
}
