using Microsoft.Extensions.Time.Testing;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Rules;

[Collection(StorageCollection.Name)]
public sealed class RulesTests(AzuriteFixture azurite)
{
    private static object Rules(string zone = "Asia/Shanghai", int learningCap = 20) => new
    {
        timeZone = zone,
        dailyCap = 50,
        actions = new { learning = new { dailyCap = learningCap }, quiz = new { dailyCap = 12, attemptsPerDay = 3 }, share = new { points = 1, dailyCap = 3 } },
    };

    [Fact]
    public async Task Rules_put_by_an_admin_are_returned_and_govern_the_caps()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", points: 5, minSeconds: 0);

        var (put, stored) = await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: Rules(learningCap: 3));
        var (_, read) = await app.SendAsync(HttpMethod.Get, "/api/admin/rules");
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-1/views", worker);
        var (_, award) = await app.SendAsync(HttpMethod.Post, $"/api/content/c-1/views/{view.Value<string>("viewId")}/complete", worker);

        Assert.Equal(200, put);
        Assert.Equal(stored.ToString(), read.ToString());
        Assert.Equal(3, read["actions"]!["learning"]!.Value<int>("dailyCap"));
        Assert.Equal((5, 10, 30), (read["hazard"]!["points"]!.Value<int>("general"), read["hazard"]!["points"]!.Value<int>("major"), read["hazard"]!["points"]!.Value<int>("critical")));
        Assert.Equal((5, 5), (read["hazard"]!.Value<int>("rectificationBonus"), read["actions"]!["hazard"]!.Value<int>("attemptsPerDay")));
        Assert.Equal(3, award.Value<long>("awarded"));
    }

    [Fact]
    public async Task A_program_in_another_time_zone_counts_its_own_days()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 25, 2, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var worker = await app.WorkerAsync("w-1");

        await app.SendAsync(HttpMethod.Put, "/api/admin/rules", json: Rules(zone: "America/New_York"));
        var (_, me) = await app.SendAsync(HttpMethod.Get, "/api/me", worker);

        Assert.Equal("2026-05-24", me["today"]!.Value<string>("day"));
    }

    public static TheoryData<string, string> BadRules => new()
    {
        { """{"timeZone":"Mars/Olympus","dailyCap":50}""", "timeZone" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":-1}""", "dailyCap" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"actions":{"share":{"points":-1}}}""", "actions.share.points" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"actions":{"quiz":{"dailyCap":-5}}}""", "actions.quiz.dailyCap" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"actions":{"quiz":{"attemptsPerDay":-1}}}""", "actions.quiz.attemptsPerDay" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"actions":{"dancing":{"points":1}}}""", "actions.dancing" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"actions":{"quiz":{"dailyCap":"12"}}}""", "actions.quiz.dailyCap" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"levels":[{"name":"a","at":10}]}""", "levels" },
        { """{"dailyCap":50}""", "timeZone" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"pointsExpiry":"tomorrow"}""", "pointsExpiry" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"hazard":{"points":{"huge":50}}}""", "hazard.points.huge" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"hazard":{"rectificationBonus":-5}}""", "hazard.rectificationBonus" },
        { """{"timeZone":"Asia/Shanghai","dailyCap":50,"hazard":{"categories":[]}}""", "hazard.categories" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task Bad_rules_are_refused_with_the_failing_field_and_change_nothing(string body, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, before) = await app.SendAsync(HttpMethod.Get, "/api/admin/rules");
        using var request = app.Request(HttpMethod.Put, "/api/admin/rules");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var (status, problem) = await app.SendAsync(request);
        var (_, after) = await app.SendAsync(HttpMethod.Get, "/api/admin/rules");

        Assert.Equal((400, "validation-failed"), (status, problem.Value<string>("code")));
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before.ToString(), after.ToString());
    }
}
