using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class PrizePageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task A_worker_redeems_a_prize_sees_its_status_and_can_cancel_it()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "服务社", webhookUrl = "https://partner.example.cn/hook" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "家庭急救包", cost = 30, stock = 5, partnerId = "p-001" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/workers", json: new { id = "w-001", displayName = "张伟", unitId = "daxing-01" });
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-001", amount = 40, reason = "安全标兵奖励" }, idempotencyKey: "a");
        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-001/link");
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });

        await page.GotoAsync(link.Value<string>("url")!);
        await page.Locator("li[data-prize='r-001'] button").First.ClickAsync();
        await page.GetByLabel("收件人").FillAsync("张伟");
        await page.GetByLabel("收货地址").FillAsync("北京市大兴区黄村镇兴华大街 1 号");

        // A number no courier can dial is caught on the phone, before any point moves (the server refuses it too).
        await page.GetByLabel("手机号").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认兑换" }).ClickAsync();
        await Assertions.Expect(page.Locator("input[name=phone]:invalid")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("40");
        await page.GetByLabel("手机号").FillAsync("13800000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认兑换" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("10");
        await Assertions.Expect(page.Locator("#ledger li").First.Locator("span.minus")).ToHaveTextAsync("-30"); // the hold, as the balance saw it
        await TestApp.EventuallyAsync(
            async () => (await app.SendAsync(HttpMethod.Get, "/api/admin/orders")).Body["items"]!.Any(o => o.ToString().Contains("13800000000", StringComparison.Ordinal)),
            "the order carries the delivery details the worker gave");
        await Assertions.Expect(page.GetByTestId("redemptions")).ToContainTextAsync("家庭急救包 ×1");
        await page.GetByTestId("redemptions").GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("40");
        await Assertions.Expect(page.GetByTestId("redemptions")).ToContainTextAsync("已取消，已退回");
    }
}
