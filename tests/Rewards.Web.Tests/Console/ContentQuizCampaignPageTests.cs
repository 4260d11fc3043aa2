using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class ContentQuizCampaignPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_creates_content_after_fixing_a_field_the_server_refused_and_then_retires_it()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app, "content");
        var form = page.GetByTestId("content-create");

        await form.GetByLabel("编号", new() { Exact = true }).FillAsync("c-101");
        await form.GetByLabel("标题").FillAsync("安全帽的正确佩戴");
        await form.GetByLabel("类型").SelectOptionAsync("video");
        await form.GetByLabel("视频或文章地址").FillAsync("https://media.example.cn/helmet.mp4");
        await form.GetByLabel("积分", new() { Exact = true }).FillAsync("0");
        await form.GetByLabel("最少学习秒数").FillAsync("30");
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-error-for=points]")).ToBeVisibleAsync();
        await Assertions.Expect(form.Locator("[data-error-for=points]")).ToContainTextAsync("1000");
        await form.GetByLabel("积分", new() { Exact = true }).FillAsync("5");
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();

        var row = page.Locator("tr[data-content='c-101']");
        await Assertions.Expect(row).ToContainTextAsync("安全帽的正确佩戴");
        await Assertions.Expect(row).ToContainTextAsync("上架");
        var (_, created) = await app.SendAsync(HttpMethod.Get, "/api/admin/content/c-101");
        Assert.Equal(("video", 5, 30, true), (created.Value<string>("kind"), created.Value<int>("points"), created.Value<int>("minSeconds"), created.Value<bool>("active")));

        await row.GetByRole(AriaRole.Button, new() { Name = "下架" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-content='c-101']")).ToContainTextAsync("已下架");
        var (_, retired) = await app.SendAsync(HttpMethod.Get, "/api/admin/content/c-101");
        Assert.False(retired.Value<bool>("active"));
    }

    [Fact]
    public async Task An_admin_builds_a_quiz_in_the_editor_and_a_question_csv_with_a_bad_line_changes_nothing_and_is_reported_by_line()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app, "quizzes/new");
        var editor = page.GetByTestId("quiz-editor");

        await editor.GetByLabel("编号", new() { Exact = true }).FillAsync("q-101");
        await editor.GetByLabel("名称", new() { Exact = true }).FillAsync("消防安全知识");
        var first = editor.Locator("[data-question='q1']");
        await first.GetByLabel("第 1 题 题干").FillAsync("发现火情，首先应？");
        await first.GetByLabel("第 1 题 选项 1").FillAsync("继续工作");
        await first.GetByLabel("第 1 题 选项 2").FillAsync("立即报警");
        await first.GetByRole(AriaRole.Button, new() { Name = "添加选项" }).ClickAsync();
        await first.GetByLabel("第 1 题 选项 3").FillAsync("先收拾物品");
        await first.GetByLabel("选项 2 为正确答案").CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "添加题目" }).ClickAsync();
        var second = editor.Locator("[data-question='q2']");
        await second.GetByLabel("第 2 题 题干").FillAsync("安全帽的下颏带要系紧吗？");
        await second.GetByLabel("第 2 题 选项 1").FillAsync("要");
        await second.GetByLabel("第 2 题 选项 2").FillAsync("不要");
        await Assertions.Expect(first.GetByLabel("第 1 题 选项 3")).ToHaveValueAsync("先收拾物品"); // adding a question kept what was typed

        // A new quiz draws 1 question per attempt, so it saves as it starts; 5 from a bank of 2 the server refuses, beside the field.
        await Assertions.Expect(editor.GetByLabel("每次抽题数")).ToHaveValueAsync("1");
        await editor.GetByLabel("每次抽题数").FillAsync("5");
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(editor.Locator("[data-error-for=questionsPerAttempt]")).ToContainTextAsync("number of questions");
        await editor.GetByLabel("每次抽题数").FillAsync("2");
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "编辑题库 q-101" })).ToBeVisibleAsync();

        var (_, quiz) = await app.SendAsync(HttpMethod.Get, "/api/admin/quizzes/q-101");
        var questions = quiz["questions"]!;
        Assert.Equal(2, questions.Count());
        Assert.Equal(["继续工作", "立即报警", "先收拾物品"], questions[0]!["options"]!.Values<string>());
        Assert.Equal((1, 0), (questions[0]!.Value<int>("answer"), questions[1]!.Value<int>("answer")));

        const string header = "text,option1,option2,option3,option4,answer\n";
        await ImportAsync(page, header + "灭火器使用口诀？,提拔握压,拔提压握,,,1\n有限空间作业第一步？,先通风,先作业,,,5\nCPR 按压频率？,60-80,100-120,,,B\n");
        await Assertions.Expect(page.GetByTestId("question-import-status")).ToContainTextAsync("没有导入任何题目");
        var report = page.GetByTestId("question-import-report").Locator("tbody tr");
        await Assertions.Expect(report).ToHaveCountAsync(1);
        await Assertions.Expect(report.Locator("td").First).ToHaveTextAsync("3");
        Assert.Equal(2, (await app.SendAsync(HttpMethod.Get, "/api/admin/quizzes/q-101")).Body["questions"]!.Count());

        await ImportAsync(page, header + "灭火器使用口诀？,提拔握压,拔提压握,,,1\n有限空间作业第一步？,先通风,先作业,,,A\n");
        await Assertions.Expect(page.GetByTestId("question-import-status")).ToHaveTextAsync("导入完成：新增 2 题，跳过已有 0 题，题库现有 4 题。", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("questions").Locator("fieldset")).ToHaveCountAsync(4);
        Assert.Equal(4, (await app.SendAsync(HttpMethod.Get, "/api/admin/quizzes/q-101")).Body["questions"]!.Count());
    }

    private static async Task ImportAsync(IPage page, string csv)
    {
        await page.Locator("#question-csv").SetInputFilesAsync(new FilePayload { Name = "questions.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入题目" }).ClickAsync();
    }

    [Fact]
    public async Task An_admin_creates_a_campaign_and_ends_a_running_one_now()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var shanghai = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var (running, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/campaigns", json: new
        {
            id = "safety-month", name = "安全生产月", startsAt = shanghai.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            endsAt = shanghai.AddDays(20).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), actions = new[] { "quiz" }, multiplier = 1.5,
        });
        Assert.Equal(201, running);
        var page = await ConsolePage.SignedInAsync(browser, app, "campaigns");
        var form = page.GetByTestId("campaign-create");

        await form.GetByLabel("编号", new() { Exact = true }).FillAsync("525");
        await form.GetByLabel("名称", new() { Exact = true }).FillAsync("5·25 职工健康日");
        await form.GetByLabel("倍数").FillAsync("2");
        await form.GetByLabel("开始（当地时间）").FillAsync("2027-05-25T00:00");
        await form.GetByLabel("结束（当地时间）").FillAsync("2027-05-26T00:00");
        await form.GetByLabel("分享").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();

        await Assertions.Expect(page.Locator("tr[data-campaign='525']")).ToContainTextAsync("5·25 职工健康日");
        await Assertions.Expect(page.Locator("tr[data-campaign='525']")).ToHaveAttributeAsync("data-state", "upcoming");
        var (_, created) = await app.SendAsync(HttpMethod.Get, "/api/admin/campaigns/525");
        Assert.Equal((new DateTime(2027, 5, 25), new DateTime(2027, 5, 26), 2m), (created.Value<DateTime>("startsAt"), created.Value<DateTime>("endsAt"), created.Value<decimal>("multiplier")));
        Assert.Equal(["learning", "quiz", "share"], created["actions"]!.Values<string>());

        var end = page.Locator("tr[data-campaign='safety-month']").GetByRole(AriaRole.Button);
        await end.ClickAsync();
        await Assertions.Expect(end).ToHaveTextAsync("确认结束？");
        await end.ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-campaign='safety-month']")).ToHaveAttributeAsync("data-state", "over", new() { Timeout = 30_000 });
        var (_, ended) = await app.SendAsync(HttpMethod.Get, "/api/admin/campaigns/safety-month");
        Assert.InRange(ended.Value<DateTime>("endsAt"), shanghai.DateTime.AddMinutes(-1), shanghai.DateTime.AddHours(1));
    }
}
