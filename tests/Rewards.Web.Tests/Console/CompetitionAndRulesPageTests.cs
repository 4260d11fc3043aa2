using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Competitions;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class CompetitionAndRulesPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_closes_a_round_whose_window_has_passed_and_sees_the_standings_by_unit_name()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 9, 10, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, clock, o => o.Settings["AzureWebJobs:CloseCompetitionRounds:Disabled"] = "true");
        await ConsolePage.UnitAsync(app, "u1", "大兴制药");
        await ConsolePage.UnitAsync(app, "u2", "黄村建工");
        var w1 = await app.WorkerAsync("w-1", "u1", "张伟");
        var w2 = await app.WorkerAsync("w-2", "u2", "王芳");
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: new
        {
            id = "q-001", title = "安全应急消防知识", questionsPerAttempt = 2, timeLimitSeconds = 300, pointsPerCorrect = 2,
            questions = new object[]
            {
                new { id = "q1", text = "灭火器口诀？", options = new[] { "提拔握压", "拔提压握" }, answer = 0 },
                new { id = "q2", text = "CPR 频率？", options = new[] { "60-80", "100-120" }, answer = 1 },
            },
        });
        var (created, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/competitions", json: new
        {
            id = "c1", title = "安全知识竞赛",
            rounds = new object[]
            {
                new { id = "r1", title = "初赛", quizId = "q-001", opensAt = "2026-06-15T09:00:00", closesAt = "2026-06-15T10:00:00", advance = 1 },
                new { id = "r2", title = "决赛", quizId = "q-001", opensAt = "2026-06-15T10:00:00", closesAt = "2026-06-15T11:00:00" },
            },
            placings = new { champions = 1, runnersUp = 0, thirds = 0, championPoints = 50, runnerUpPoints = 0, thirdPoints = 0 },
        });
        Assert.Equal(201, created);
        await AnswerAsync(app, w1, right: 2);
        await AnswerAsync(app, w2, right: 1);
        await CompetitionScores.RecordedAsync(app, "c1", "r1", 2);
        clock.Advance(TimeSpan.FromHours(1));

        var page = await ConsolePage.SignedInAsync(browser, app, "competitions/c1");
        var round = page.GetByTestId("round-r1");
        await Assertions.Expect(round).ToHaveAttributeAsync("data-closed", "false");
        await round.GetByRole(AriaRole.Button, new() { Name = "结束本轮并计算排名" }).ClickAsync();

        round = page.GetByTestId("round-r1");
        await Assertions.Expect(round).ToHaveAttributeAsync("data-closed", "true", new() { Timeout = 30_000 });
        var rows = round.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("大兴制药");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("100.0");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("✓");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("黄村建工");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("50.0");
        await Assertions.Expect(page.GetByTestId("round-r2")).ToHaveAttributeAsync("data-closed", "false");
        var (_, contest) = await app.SendAsync(HttpMethod.Get, "/api/admin/competitions/c1");
        Assert.Equal(["u1"], contest["state"]!["advanced"]!["r1"]!.Values<string>());
    }

    [Fact]
    public async Task An_admin_creates_a_competition_with_two_rounds_by_clicking()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: new
        {
            id = "q-001", title = "安全应急消防知识", questionsPerAttempt = 1, timeLimitSeconds = 300, pointsPerCorrect = 2,
            questions = new object[] { new { id = "q1", text = "灭火器口诀？", options = new[] { "提拔握压", "拔提压握" }, answer = 0 } },
        });
        var page = await ConsolePage.SignedInAsync(browser, app, "competitions");
        var form = page.GetByTestId("competition-create");

        await form.GetByLabel("编号", new() { Exact = true }).FillAsync("c-2027");
        await form.GetByLabel("名称", new() { Exact = true }).FillAsync("安康杯知识竞赛");
        var first = form.Locator("[data-round='0']");
        await first.GetByLabel("轮次名称").FillAsync("初赛");
        await first.GetByLabel("开始（当地时间）").FillAsync("2027-06-15T09:00");
        await first.GetByLabel("结束（当地时间）").FillAsync("2027-06-15T10:00");
        await first.GetByLabel("晋级队数").FillAsync("0");
        await form.GetByRole(AriaRole.Button, new() { Name = "添加轮次" }).ClickAsync();
        var second = form.Locator("[data-round='1']");
        await second.GetByLabel("轮次名称").FillAsync("决赛");
        await second.GetByLabel("开始（当地时间）").FillAsync("2027-06-16T09:00");
        await second.GetByLabel("结束（当地时间）").FillAsync("2027-06-16T10:00");
        await form.GetByLabel("冠军积分").FillAsync("50");

        // A round that lets no team through to the next one is refused, beside its field.
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        await Assertions.Expect(first.Locator("[data-error-for='rounds[0].advance']")).ToBeVisibleAsync();
        await first.GetByLabel("晋级队数").FillAsync("4");
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("round-r2")).ToContainTextAsync("决赛");
        var (_, contest) = await app.SendAsync(HttpMethod.Get, "/api/admin/competitions/c-2027");
        var rounds = contest["definition"]!["rounds"]!;
        Assert.Equal(["r1:初赛:q-001:4", "r2:决赛:q-001:0"], rounds.Select(r => $"{r.Value<string>("id")}:{r.Value<string>("title")}:{r.Value<string>("quizId")}:{r.Value<int>("advance")}"));
        Assert.Equal(50, contest["definition"]!["placings"]!.Value<int>("championPoints"));
    }

    private static async Task AnswerAsync(TestApp app, string token, int right)
    {
        var key = new Dictionary<string, int> { ["q1"] = 0, ["q2"] = 1 };
        var (status, attempt) = await app.SendAsync(HttpMethod.Post, "/api/quizzes/q-001/attempts", token, new { competitionId = "c1" });
        Assert.Equal(201, status);
        var answers = attempt["questions"]!.Select((q, i) => q.Value<string>("id")!).Select((id, i) => (id, i)).ToDictionary(q => q.id, q => q.i < right ? key[q.id] : 1 - key[q.id]);
        var (graded, _) = await app.SendAsync(HttpMethod.Post, $"/api/quizzes/q-001/attempts/{attempt.Value<string>("attemptId")}/answers", token, new { answers });
        Assert.Equal(200, graded);
    }

    [Fact]
    public async Task The_rules_form_shows_each_refused_field_beside_it_and_saves_once_corrected()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app, "rules");
        var form = page.GetByTestId("rules");

        await form.GetByLabel("时区").FillAsync("Mars/Olympus");
        await form.GetByLabel("每日积分总上限").FillAsync("-1");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(form.Locator("[data-error-for=timeZone]")).ToContainTextAsync("IANA");
        await Assertions.Expect(form.Locator("[data-error-for=dailyCap]")).ToContainTextAsync("zero");
        Assert.Equal(50, (await app.SendAsync(HttpMethod.Get, "/api/admin/rules")).Body.Value<int>("dailyCap"));

        await form.GetByLabel("时区").FillAsync("Asia/Shanghai");
        await form.GetByLabel("每日积分总上限").FillAsync("60");
        await form.GetByLabel("答题 每日次数").FillAsync("5");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(page.GetByText("规则已保存，立即生效。")).ToBeVisibleAsync();
        await Assertions.Expect(form.Locator("[data-error-for=dailyCap]")).ToBeHiddenAsync();
        var (_, rules) = await app.SendAsync(HttpMethod.Get, "/api/admin/rules");
        Assert.Equal((60, 5, 12), (rules.Value<int>("dailyCap"), rules["actions"]!["quiz"]!.Value<int>("attemptsPerDay"), rules["actions"]!["quiz"]!.Value<int>("dailyCap")));
        Assert.Equal(3, rules["levels"]!.Count());
    }
}
