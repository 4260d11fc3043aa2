using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Web.Tests.Console;

/// <summary>axe-core (npm, pinned in package.json) injected into each page: no serious or critical violation.</summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(Rewards.DevHost.Hosting.Azurite.FindRepositoryRoot(AppContext.BaseDirectory), "node_modules", "axe-core", "axe.min.js"));

    [Fact]
    public async Task Console_pages_and_the_worker_page_have_no_serious_or_critical_violation()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await ConsolePage.UnitAsync(app, "u-1", "大兴制药");
        var token = await app.WorkerAsync("w-1", "u-1", "张伟");
        await app.SendAsync(HttpMethod.Post, "/api/admin/adjustments", json: new { workerId = "w-1", amount = 5, reason = "奖励" }, idempotencyKey: "a");

        // The page's CSP forbids injected scripts, as it should; the audit context bypasses it to load axe.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var failures = new List<string>();

        await page.GotoAsync($"{app.Http.BaseAddress}console");
        await Assertions.Expect(page.GetByLabel("管理员密钥")).ToBeVisibleAsync();
        failures.AddRange(await ViolationsAsync(page, "sign-in"));
        await page.GetByLabel("管理员密钥").FillAsync(TestApp.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        foreach (var (hash, ready) in new[] { ("units", "tr[data-unit]"), ("workers", "tr[data-worker]"), ("worker/w-1", "[data-testid=ledger] tbody tr"), ("posters", "#view form"), ("reports", "#view form"), ("audit", "[data-testid=audit-list]") })
        {
            await page.GotoAsync($"{app.Http.BaseAddress}console#/{hash}");
            await page.Locator(ready).First.WaitForAsync();
            failures.AddRange(await ViolationsAsync(page, hash));
        }

        await page.GotoAsync($"{app.Http.BaseAddress}w/#{token}");
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("5", new() { Timeout = 60_000 });
        failures.AddRange(await ViolationsAsync(page, "worker page"));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Axe });
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify((await axe.run(document)).violations)");
        return JArray.Parse(json)
            .Where(v => v.Value<string>("impact") is "serious" or "critical")
            .Select(v => $"{name}: {v.Value<string>("id")} ({v.Value<string>("impact")}) {string.Join(" | ", v["nodes"]!.Take(3).Select(n => n.Value<string>("html")))}");
    }
}
