using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class QuizPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static readonly Dictionary<string, int> Key = new() { ["q1"] = 0, ["q2"] = 1, ["q3"] = 1 };

    [Fact]
    public async Task A_worker_answers_a_quiz_sees_the_right_answers_and_climbs_the_board()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/quizzes", json: new
        {
            id = "q-001", title = "消防知识", questionsPerAttempt = 3, timeLimitSeconds = 300, pointsPerCorrect = 2,
            questions = new object[]
            {
                new { id = "q1", text = "灭火器口诀？", options = new[] { "提拔握压", "拔提压握" }, answer = 0 },
                new { id = "q2", text = "CPR 频率？", options = new[] { "60-80", "100-120" }, answer = 1 },
                new { id = "q3", text = "有限空间第一步？", options = new[] { "先作业", "先通风" }, answer = 1 },
            },
        });
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

        await page.GotoAsync(link.Value<string>("url")!);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始答题" }).ClickAsync();
        await Assertions.Expect(page.Locator("#attempt fieldset")).ToHaveCountAsync(3);
        var sets = await page.Locator("#attempt fieldset").AllAsync();
        foreach (var set in sets.SkipLast(1))
        {
            var id = await set.GetAttributeAsync("data-question");
            await set.Locator("input[type=radio]").Nth(id == "q1" ? 1 : Key[id!]).CheckAsync();
        }

        // One left unanswered: the page says so instead of spending the attempt; answered, it submits.
        await page.GetByRole(AriaRole.Button, new() { Name = "提交答案" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("quiz-result")).ToContainTextAsync("还有 1 题未作答");
        var last = await sets[^1].GetAttributeAsync("data-question");
        await sets[^1].Locator("input[type=radio]").Nth(last == "q1" ? 1 : Key[last!]).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交答案" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("quiz-result")).ToHaveTextAsync("答对 2/3，+4 积分");
        await Assertions.Expect(page.Locator("fieldset[data-question='q1'] label.right")).ToContainTextAsync("提拔握压");
        await Assertions.Expect(page.Locator("fieldset[data-question='q1'] label.wrong")).ToContainTextAsync("拔提压握");
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("4");
        var token = link.Value<string>("token");
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, "/api/me", token)).Body["badges"]!.Any(), "the projector gave the first-quiz badge");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("badges")).ToContainTextAsync("初次答题");
        await Assertions.Expect(page.GetByTestId("board")).ToContainTextAsync("张伟");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "quiz-page.png"), FullPage = true });
    }
}
