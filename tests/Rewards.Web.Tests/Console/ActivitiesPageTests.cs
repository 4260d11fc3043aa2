using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Activities;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed partial class ActivitiesPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task An_admin_creates_an_activity_and_opens_its_venue_screen_with_a_screen_link_instead_of_the_admin_key()
    {
        await using var app = await TestApp.StartAsync(azurite, ActivityApi.ClockAtOpening());
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药厂");
        var page = await ConsolePage.SignedInAsync(browser, app, "activities");

        var form = page.GetByTestId("activity-create");
        await form.GetByLabel("编号").FillAsync("a-exercise");
        await form.GetByLabel("名称").FillAsync("车间工间操");
        await form.GetByLabel("类型").SelectOptionAsync(new SelectOptionValue { Label = "工间操" });
        await form.GetByLabel("地点").FillAsync("一号车间");
        await form.GetByLabel("开始（当地时间）").FillAsync("2026-05-25T08:00");
        await form.GetByLabel("结束（当地时间）").FillAsync("2026-05-25T09:00");
        await form.GetByLabel("签到开始").FillAsync("2026-05-25T07:30");
        await form.GetByLabel("签到截止").FillAsync("2026-05-25T10:00");
        await form.GetByLabel("签到积分").FillAsync("5");
        await form.GetByLabel("大兴制药厂 (u-1)").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();

        var row = page.Locator("tr[data-activity='a-exercise']");
        await Assertions.Expect(row).ToContainTextAsync("车间工间操");
        await Assertions.Expect(row).ToContainTextAsync("大兴制药厂");
        var (_, saved) = await app.SendAsync(HttpMethod.Get, "/api/admin/activities/a-exercise");
        Assert.Equal(("exercise", 5, "u-1"), (saved.Value<string>("kind"), saved.Value<int>("points"), (string?)saved["unitIds"]![0]));

        await row.GetByRole(AriaRole.Button, new() { Name = "签到屏链接" }).ClickAsync();
        var url = await page.GetByTestId("screen-url").InputValueAsync();
        Assert.Contains("/console/activities/a-exercise/checkin#st_", url, StringComparison.Ordinal);

        // The venue screen: a browser that has never seen the admin key.
        await using var venue = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var screen = await venue.NewPageAsync();
        await screen.GotoAsync(url);
        await Assertions.Expect(screen.GetByTestId("code")).ToHaveTextAsync(SixDigits());
        await Assertions.Expect(screen.Locator("#signin")).ToBeHiddenAsync();
        await Assertions.Expect(screen.Locator("#title")).ToHaveTextAsync("车间工间操");
        Assert.DoesNotContain("st_", screen.Url, StringComparison.Ordinal);
        Assert.Null(await screen.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.adminKey')"));
        Assert.StartsWith("st_", await screen.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.screenToken')"), StringComparison.Ordinal);
        Assert.Equal(0, await screen.EvaluateAsync<int>("() => localStorage.length"));
    }
}
