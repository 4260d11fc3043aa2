using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class UnitsAndWorkersTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_creates_and_renames_a_unit_and_the_worker_page_shows_its_name()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app, "units");

        var create = page.GetByTestId("unit-create");
        await create.GetByLabel("单位编号").FillAsync("daxing-pharma");
        await create.GetByLabel("单位名称").FillAsync("大兴制药厂");
        await create.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        var row = page.Locator("tr[data-unit='daxing-pharma']");
        await row.GetByLabel("单位 daxing-pharma 的名称").FillAsync("大兴制药");
        await row.GetByRole(AriaRole.Button, new() { Name = "改名" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-unit='daxing-pharma'] input")).ToHaveValueAsync("大兴制药");

        var token = await app.WorkerAsync("w-001", "daxing-pharma", "张伟");
        var worker = await browser.Browser.NewPageAsync();
        await worker.GotoAsync($"{app.Http.BaseAddress}w/#{token}");
        await Assertions.Expect(worker.Locator("#who")).ToHaveTextAsync("张伟 · 大兴制药", new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task An_admin_imports_a_csv_with_a_bad_line_and_sees_the_report()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "daxing-pharma", "大兴制药");
        var page = await ConsolePage.SignedInAsync(browser, app, "workers");
        var csv = "id,displayName,unitId\nw-101,钱多,daxing-pharma\nw 102,孙力,daxing-pharma\nw-103,李强,daxing-pharma\n";

        await page.Locator("#csv-file").SetInputFilesAsync(new FilePayload { Name = "workers.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("import-status")).ToHaveTextAsync("导入完成：新建 2，更新 0，未变 0，错误 1 行。", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-report").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("import-report").Locator("tbody tr td").First).ToHaveTextAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("worker-list").Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-worker='w-103']")).ToContainTextAsync("大兴制药");
    }

    [Fact]
    public async Task An_admin_adjusts_points_once_however_often_the_form_is_submitted_and_issues_a_link()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "huangcun-build", "黄村建工");
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-005", displayName = "陈静", unitId = "huangcun-build" });
        var page = await ConsolePage.SignedInAsync(browser, app, "worker/w-005");

        var form = page.GetByTestId("adjust");
        await form.GetByLabel("积分（可为负）").FillAsync("15");
        await form.GetByLabel("原因").FillAsync("安全标兵奖励");
        await form.EvaluateAsync("f => { f.requestSubmit(); f.requestSubmit(); }");
        await Assertions.Expect(page.GetByTestId("worker-balance")).ToHaveTextAsync("15", new() { Timeout = 60_000 });
        var (_, worker) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers/w-005");
        Assert.Equal(15, worker.Value<int>("balance"));
        await Assertions.Expect(page.GetByTestId("ledger").Locator("tbody tr")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "发放链接" }).ClickAsync();
        var url = await page.GetByLabel("个人链接").InputValueAsync();
        var me = await browser.Browser.NewPageAsync();
        await me.GotoAsync(url);
        await Assertions.Expect(me.GetByTestId("balance")).ToHaveTextAsync("15", new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task An_admin_moves_a_worker_to_another_unit()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "daxing-pharma", "大兴制药");
        await ConsolePage.UnitAsync(app, "huangcun-build", "黄村建工");
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-pharma" });
        var page = await ConsolePage.SignedInAsync(browser, app, "worker/w-001");

        await page.GetByLabel("所在单位").SelectOptionAsync("huangcun-build");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("account")).ToContainTextAsync("黄村建工");
        var (_, list) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers?unitId=huangcun-build");
        Assert.Equal("w-001", list["items"]![0]!.Value<string>("id"));
    }
}
