using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class SignInTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_signs_in_the_key_stays_in_session_storage_only_and_signs_out()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app);

        var session = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.adminKey')");
        var local = await page.EvaluateAsync<int>("() => localStorage.length");
        Assert.Equal(TestApp.AdminKey, session);
        Assert.Equal(0, local);
        Assert.DoesNotContain(TestApp.AdminKey, page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("管理员密钥")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.adminKey')"));
    }

    [Fact]
    public async Task A_wrong_key_returns_to_sign_in_and_says_why()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync($"{app.Http.BaseAddress}console");

        await page.GetByLabel("管理员密钥").FillAsync("ak_not_the_key");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The admin key is not recognised.");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('rewards.adminKey')"));
    }

    [Fact]
    public async Task A_key_revoked_while_signed_in_sends_the_admin_back_to_sign_in_with_the_reason()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app);

        // As if the key had been rotated away while the tab was open: the next call answers 401.
        await page.EvaluateAsync("() => sessionStorage.setItem('rewards.adminKey', 'ak_rotated_away')");
        await page.GetByRole(AriaRole.Link, new() { Name = "职工" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("管理员密钥")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("密钥未被接受");
    }

    [Fact]
    public async Task The_console_switches_to_English()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var page = await ConsolePage.SignedInAsync(browser, app);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Workers" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
    }
}
