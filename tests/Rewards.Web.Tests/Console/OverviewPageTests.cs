using Azure.Storage.Queues;
using Microsoft.Playwright;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

[Collection(WebCollection.Name)]
public sealed class OverviewPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_sees_the_figures_reconciles_and_replays_the_poisoned_partner_notifications()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药");
        var token = await app.WorkerAsync("w-1", "u-1", "张伟");
        await app.WorkerAsync("w-2", "u-1", "王芳");
        await app.ContentAsync("c-1", 5, 0);
        var (_, view) = await app.SendAsync(HttpMethod.Post, "/api/content/c-1/views", token);
        Assert.Equal(200, (await app.SendAsync(HttpMethod.Post, $"/api/content/c-1/views/{view.Value<string>("viewId")}/complete", token)).Status);
        Assert.Equal(201, (await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 10, reason = "奖励" }, idempotencyKey: "a")).Status);
        var poison = new QueueClient(azurite.ConnectionString, $"{app.Prefix}-notify-partner-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.SendMessageAsync("""{"partnerId":"p-gone","eventId":"evt_x_1","type":"webhook.test","body":"{}","since":"2026-11-28T00:00:00+00:00"}""");
        await TestApp.EventuallyAsync(async () => (await app.SendAsync(HttpMethod.Get, "/api/admin/overview")).Body["todayFigures"]!["points"]!.Children<Newtonsoft.Json.Linq.JProperty>().Sum(p => (long)p.Value) == 15, "both lines projected");
        var ledger = (await app.SendAsync(HttpMethod.Get, "/api/admin/workers/w-1/ledger?limit=100")).Body["items"]!;

        var page = await ConsolePage.SignedInAsync(browser, app, "overview");

        await Assertions.Expect(page.GetByTestId("today-active")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("today-points")).ToHaveTextAsync(ledger.Sum(l => l.Value<long>("amount")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("members")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("day-chart").Locator("svg rect")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("unit-chart").Locator("tr[data-unit='u-1']")).ToContainTextAsync("大兴制药");
        await Assertions.Expect(page.GetByTestId("unit-chart").Locator("tr[data-unit='u-1']")).ToContainTextAsync("50.0%");
        await Assertions.Expect(page.Locator("tr[data-queue='notify-partner-poison'] td.num")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("tr[data-queue='notify-partner-poison'] td").First).ToHaveTextAsync("商户通知");
        var events = page.GetByTestId("poison-events");
        await Assertions.Expect(events.Locator("th")).ToHaveTextAsync(["合作商户", "事件编号", "事件类型", "开始推送", "尝试次数"]);
        await Assertions.Expect(events.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(events.Locator("tr[data-event='evt_x_1'] td")).ToHaveTextAsync(new[] { "^p-gone$", "^evt_x_1$", "^webhook\\.test$", "^2026/11/2[78] ", "^0$" }.Select(p => new System.Text.RegularExpressions.Regex(p)));
        var apiLink = page.Locator("header .actions a[href='/api/openapi.json']");
        await Assertions.Expect(apiLink).ToHaveTextAsync("API");
        await Assertions.Expect(apiLink).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(apiLink).ToHaveAttributeAsync("rel", "noopener");

        await page.GetByRole(AriaRole.Button, new() { Name = "重新推送商户通知" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("poison").GetByRole(AriaRole.Status)).ToHaveTextAsync("已重新推送 1 条商户通知。");
        await Assertions.Expect(page.Locator("tr[data-queue='notify-partner-poison'] td.num")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("poison-events")).ToHaveCountAsync(0);
        Assert.Equal(0, (await app.SendAsync(HttpMethod.Get, "/api/admin/webhooks/poison")).Body.Value<int>("count"));

        await Assertions.Expect(page.GetByTestId("reconciliation")).ToContainTextAsync("尚未对账");
        await page.GetByRole(AriaRole.Button, new() { Name = "立即对账" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reconciliation")).ToContainTextAsync("账目一致", new() { Timeout = 30_000 });
    }
}
