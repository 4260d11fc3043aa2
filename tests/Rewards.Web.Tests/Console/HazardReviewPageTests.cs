using Microsoft.Playwright;
using Rewards.Functions.Tests.Hazards;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class HazardReviewPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static async Task<string> ReportAsync(TestApp app, string token, string place, int scene = 0)
    {
        var (status, body) = await Hazards.SubmitAsync(app, token, TestPhotos.Jpeg(800, 600, scene), place, "消防", description: "消防通道堆放纸箱");
        Assert.Equal(202, status);
        var id = body.Value<string>("id")!;
        await Hazards.ProcessedAsync(app, id, "u-1");
        return id;
    }

    private static async Task<(string Status, long Balance)> SeenByWorkerAsync(TestApp app, string token, string id) =>
        ((await app.SendAsync(HttpMethod.Get, $"/api/hazards/{id}", token)).Body.Value<string>("status")!,
         (await app.SendAsync(HttpMethod.Get, "/api/me", token)).Body.Value<long>("balance"));

    [Fact]
    public async Task An_admin_accepts_a_hazard_with_a_severity_then_records_the_rectification_and_verifies_it_by_clicking()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药");
        var token = await app.WorkerAsync("w-1", "u-1", "张伟");
        var id = await ReportAsync(app, token, "二车间东侧通道");
        var page = await ConsolePage.SignedInAsync(browser, app, "hazards");
        var report = page.Locator($"article[data-hazard='{id}']");

        // The thumbnail came through the admin-gated photo endpoint, fetched with the key and shown from a blob: URL.
        await Assertions.Expect(report.Locator("img.thumb")).ToHaveJSPropertyAsync("naturalWidth", 320);
        Assert.StartsWith("blob:", await report.Locator("img.thumb").GetAttributeAsync("src"), StringComparison.Ordinal);
        await Assertions.Expect(report).ToContainTextAsync("张伟 (w-1)");
        await Assertions.Expect(report).ToContainTextAsync("大兴制药");
        await report.Locator("form[data-move=accept] select").SelectOptionAsync(new SelectOptionValue { Label = "较大隐患" });
        await report.GetByRole(AriaRole.Button, new() { Name = "采纳", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("hazard-done")).ToContainTextAsync("已采纳");
        await Assertions.Expect(report).ToHaveCountAsync(0); // it left the list of reports to review
        Assert.Equal(("accepted", 10L), await SeenByWorkerAsync(app, token, id));

        await page.GetByLabel("状态").SelectOptionAsync("accepted");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await report.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "after.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg(800, 600, 2) });
        await report.GetByLabel("整改说明").FillAsync("已清理通道并设置警示标识");
        await report.GetByRole(AriaRole.Button, new() { Name = "提交整改" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("hazard-done")).ToContainTextAsync("已整改");

        await page.GetByLabel("状态").SelectOptionAsync("rectified");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Assertions.Expect(report.Locator($"figure[data-after='{id}'] img")).ToHaveJSPropertyAsync("naturalWidth", 800); // the after-photo, to verify against
        await report.GetByRole(AriaRole.Button, new() { Name = "验收通过" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("hazard-done")).ToContainTextAsync("已验收");

        Assert.Equal(("verified", 15L), await SeenByWorkerAsync(app, token, id));
    }

    [Fact]
    public async Task An_admin_sees_a_near_duplicate_beside_its_report_marks_it_and_rejects_another_with_a_reason()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药");
        var token = await app.WorkerAsync("w-1", "u-1", "张伟");
        var first = await ReportAsync(app, token, "三号仓库", scene: 1);
        var second = await ReportAsync(app, token, "三号仓库", scene: 1);
        var page = await ConsolePage.SignedInAsync(browser, app, "hazards");
        var duplicate = page.Locator($"article[data-hazard='{second}'] figure[data-duplicate='{first}']");

        await Assertions.Expect(duplicate.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 320);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "console-hazard-review.png"), FullPage = true });
        await duplicate.GetByRole(AriaRole.Button, new() { Name = "是这条的重复" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("hazard-done")).ToContainTextAsync("重复上报");

        var report = page.Locator($"article[data-hazard='{first}']");
        await report.GetByLabel("不采纳原因").FillAsync("照片不清晰，无法判断隐患位置");
        await report.GetByRole(AriaRole.Button, new() { Name = "不采纳" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("hazard-done")).ToContainTextAsync("未采纳");

        Assert.Equal(("duplicate", 0L), await SeenByWorkerAsync(app, token, second));
        var (_, rejected) = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{first}", token);
        Assert.Equal(("rejected", "照片不清晰，无法判断隐患位置"), (rejected.Value<string>("status"), rejected.Value<string>("reason")));
        var (_, duplicateOf) = await app.SendAsync(HttpMethod.Get, $"/api/hazards/{second}", token);
        Assert.Equal(first, duplicateOf.Value<string>("duplicateOf"));
    }
}
