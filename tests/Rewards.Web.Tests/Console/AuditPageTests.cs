using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class AuditPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_renames_a_unit_and_finds_the_change_in_the_audit_log()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药厂");
        var page = await ConsolePage.SignedInAsync(browser, app, "units");
        await page.Locator("tr[data-unit='u-1'] input").FillAsync("大兴制药");
        await page.Locator("tr[data-unit='u-1']").GetByRole(AriaRole.Button, new() { Name = "改名" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-unit='u-1'] input")).ToHaveValueAsync("大兴制药");

        await page.GetByRole(AriaRole.Link, new() { Name = "操作日志" }).ClickAsync();
        await page.GetByLabel("操作").SelectOptionAsync(new SelectOptionValue { Label = "单位改名" });
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();

        var row = page.GetByTestId("audit-list").Locator("tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("单位改名");
        await Assertions.Expect(row).ToContainTextAsync("units/u-1");
        await Assertions.Expect(row).ToContainTextAsync("name: 大兴制药厂");
        await Assertions.Expect(row).ToContainTextAsync("已完成");
        Assert.DoesNotContain(TestApp.AdminKey, await page.ContentAsync(), StringComparison.Ordinal);
    }
}
