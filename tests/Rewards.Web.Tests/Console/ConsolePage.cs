using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

/// <summary>Opens the admin console in a desktop-sized page and signs in by pasting the admin key, as an admin would.</summary>
internal static class ConsolePage
{
    public static async Task<IPage> SignedInAsync(BrowserFixture browser, TestApp app, string page = "units", BrowserNewPageOptions? options = null)
    {
        var tab = await browser.Browser.NewPageAsync(options ?? new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await tab.GotoAsync($"{app.Http.BaseAddress}console#/{page}");
        await tab.GetByLabel("管理员密钥").FillAsync(TestApp.AdminKey);
        await tab.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(tab.GetByRole(AriaRole.Button, new() { Name = "退出登录" })).ToBeVisibleAsync();
        // The page has finished its first load (route sets data-ready), so no call of it is still in flight.
        await Assertions.Expect(tab.Locator("section.page[data-ready='true']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        return tab;
    }

    public static async Task UnitAsync(TestApp app, string id, string name)
    {
        var (status, _) = await app.SendAsync(HttpMethod.Post, "/api/admin/units", json: new { id, name });
        Assert.Equal(201, status);
    }
}
