using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class OrdersPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static async Task<string> RedeemAsync(TestApp app, string token, string rewardId, string key)
    {
        var (status, redemption) = await app.SendAsync(HttpMethod.Post, "/api/redemptions", token, new { rewardId, quantity = 1, delivery = new { name = "张伟", phone = "13800000000", address = "大兴区黄村 1 号" } }, key);
        Assert.Equal(202, status);
        var id = redemption.Value<string>("id")!;
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, $"/api/redemptions/{id}", token)).Body.Value<string>("status") == "reserved", "reserved");
        return id;
    }

    [Fact]
    public async Task The_orders_page_shows_an_overdue_order_first_and_marked_and_filters_by_partner_and_status()
    {
        // A fake clock (timers off, so nothing expires an order behind the page's back). Four days on, the order at
        // p-001 (three days to accept) is overdue; the one at p-000 (ten days) is not, though storage lists it first.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 20, 9, 0, 0, TimeSpan.FromHours(8)));
        await using var app = await TestApp.StartAsync(azurite, clock);
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-000", name = "黄村劳保用品店", acceptanceDays = 10 });
        await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "大兴区职工服务社", acceptanceDays = 3 });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-000", title = "防护手套", cost = 10, stock = 20, partnerId = "p-000", perWorkerLimit = 10 });
        await app.SendAsync(HttpMethod.Post, "/api/admin/rewards", json: new { id = "r-001", title = "家庭急救包", cost = 10, stock = 20, partnerId = "p-001", perWorkerLimit = 10 });
        var token = await app.WorkerAsync("w-001", "u-1", "张伟");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-001", amount = 100, reason = "安全标兵奖励" }, idempotencyKey: "fund");
        var calm = await RedeemAsync(app, token, "r-000", "r0");
        var overdue = await RedeemAsync(app, token, "r-001", "r1");
        clock.Advance(TimeSpan.FromDays(4));
        var fresh = await RedeemAsync(app, token, "r-001", "r2");

        var page = await ConsolePage.SignedInAsync(browser, app, "orders");
        var rows = page.GetByTestId("order-list").Locator("tbody tr");

        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-order", overdue);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("已逾期");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("大兴区职工服务社");
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-order", calm);
        await Assertions.Expect(rows.Nth(2)).ToHaveAttributeAsync("data-order", fresh);
        await Assertions.Expect(rows.Nth(1)).Not.ToContainTextAsync("已逾期");
        await Assertions.Expect(rows.Nth(2)).Not.ToContainTextAsync("已逾期");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "console-orders.png"), FullPage = true });

        await page.GetByLabel("合作商户").SelectOptionAsync("p-000");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-order", calm);

        await page.GetByLabel("合作商户").SelectOptionAsync("p-001");
        await page.GetByLabel("状态").SelectOptionAsync("reserved");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-overdue", "true");
    }
}
