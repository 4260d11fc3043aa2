using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Activities;

/// <summary>Rushes at the venue: one phone tapping 200 times, and 200 workers for 50 places.</summary>
[Collection(StorageCollection.Name)]
public sealed class CheckInRushTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_hundred_parallel_check_ins_of_one_worker_award_once_and_all_get_the_same_answer()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var worker = await app.WorkerAsync("w-1");
        await ActivityApi.CreateAsync(app, ActivityApi.Walk(capacity: 50));
        var code = await ActivityApi.CodeAsync(app, "a-walk");

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => ActivityApi.CheckInAsync(app, worker, "a-walk", code)));
        var (_, ledger) = await app.SendAsync(HttpMethod.Get, "/api/me/ledger?limit=100", worker);
        var (_, reconciliation) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.All(answers, a => Assert.True(JToken.DeepEquals(answers[0].Body, a.Body), $"{answers[0].Body} and {a.Body}"));
        Assert.Equal((10, 10), (answers[0].Body.Value<long>("awarded"), answers[0].Body.Value<long>("balance")));
        Assert.Single(ledger["items"]!);
        Assert.Equal(1, (await ActivityApi.ScreenAsync(app, "a-walk")).Value<long>("checkedIn"));
        AssertClean(reconciliation);
    }

    [Fact]
    public async Task Two_hundred_workers_on_a_capacity_of_fifty_give_exactly_fifty_check_ins()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        var tokens = await ActivityApi.WorkersAsync(app, 200);
        await ActivityApi.CreateAsync(app, ActivityApi.Walk(capacity: 50));
        var code = await ActivityApi.CodeAsync(app, "a-walk");

        var answers = await Task.WhenAll(tokens.Select(token => ActivityApi.CheckInAsync(app, token, "a-walk", code)));
        var (_, activity) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-walk");
        var (_, reconciliation) = await app.SendAsync(HttpMethod.Get, "/api/admin/reconciliation");
        var (_, report) = await app.SendAsync(HttpMethod.Get, "/api/admin/reports/activities?from=2026-05-25&to=2026-05-25");

        var outcomes = answers.GroupBy(a => a.Status == 201 ? "checked-in" : $"{a.Status} {a.Body.Value<string>("code")}").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["checked-in"] = 50, ["409 activity-full"] = 150 }, outcomes);
        Assert.All(answers.Where(a => a.Status == 201), a => Assert.Equal(10, a.Body.Value<long>("awarded")));
        Assert.Equal(50, activity.Value<long>("checkedIn"));
        Assert.Equal(50, report["total"]!.Value<long>("participations"));
        Assert.Equal(200, reconciliation.Value<int>("checked"));
        AssertClean(reconciliation);
    }

    private static void AssertClean(JObject reconciliation)
    {
        Assert.Empty(reconciliation["mismatches"]!);
        Assert.Empty(reconciliation["activityMismatches"]!);
    }
}
