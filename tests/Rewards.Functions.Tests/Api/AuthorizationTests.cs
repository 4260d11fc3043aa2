using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Api;

[Collection(StorageCollection.Name)]
public sealed partial class AuthorizationTests(AzuriteFixture azurite)
{
    private static readonly string[] Public = ["api/health", "w", "w/{token}", "s/{code}", "assets/{file}", "console", "api/shares/{code}", "api/shares/{code}/opens", "partner", "api/openapi.json", "console/activities/{id}/checkin"];

    /// <summary>Open to a worker (their own objects) and to an admin (anyone's); every other role is refused.</summary>
    private static readonly string[] WorkerOrAdmin = ["api/hazards/{id}/photo"];

    private static IEnumerable<(string Method, string Path, bool Admin)> Endpoints(TestApp app) =>
        app.Service<FunctionCatalog>().Http
            .Where(f => !Public.Contains(f.Route))
            .SelectMany(f => f.Methods.Select(m => (m, "/" + RouteValue().Replace(f.Route, "x"), f.Route.StartsWith("api/admin/", StringComparison.Ordinal))));

    private static bool ForBothRoles(string path) => WorkerOrAdmin.Any(route => "/" + RouteValue().Replace(route, "x") == path);

    [Fact]
    public async Task Every_endpoint_but_health_refuses_a_caller_without_credentials()
    {
        await using var app = await TestApp.StartAsync(azurite);

        foreach (var (method, path, _) in Endpoints(app))
        {
            var (status, problem) = await app.SendAsync(new HttpMethod(method), path, bearer: null);
            Assert.True(status == 401 && problem.Value<string>("code") == "missing-credentials", $"{method} {path} answered {status}");
        }

        var (health, _) = await app.SendAsync(HttpMethod.Get, "/api/health", bearer: null);
        Assert.Equal(200, health);
    }

    [Fact]
    public async Task Every_endpoint_refuses_the_wrong_role_with_403()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        foreach (var (method, path, admin) in Endpoints(app).Where(e => !ForBothRoles(e.Path)))
        {
            var (status, problem) = await app.SendAsync(new HttpMethod(method), path, bearer: admin ? worker : TestApp.AdminKey);
            Assert.True(status == 403 && problem.Value<string>("code") == "forbidden", $"{method} {path} answered {status} to the wrong role");
        }
    }

    [Fact]
    public async Task A_partner_key_is_refused_on_admin_and_worker_endpoints_with_403()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, partner) = await app.SendAsync(HttpMethod.Post, "/api/admin/partners", json: new { id = "p-001", name = "服务社", webhookUrl = "https://partner.example.cn/hook" });
        var key = partner.Value<string>("apiKey");

        foreach (var (method, path, _) in Endpoints(app).Where(e => !e.Path.StartsWith("/api/partner/", StringComparison.Ordinal)))
        {
            var (status, problem) = await app.SendAsync(new HttpMethod(method), path, bearer: key);
            Assert.True(status == 403 && problem.Value<string>("code") == "forbidden", $"{method} {path} answered {status} to a partner key");
        }
    }

    [Fact]
    public async Task The_photo_endpoint_admits_a_worker_and_an_admin_and_finds_nothing_for_either_with_an_unknown_id()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var worker = await app.WorkerAsync("w-1");

        foreach (var route in WorkerOrAdmin)
        {
            var path = "/" + RouteValue().Replace(route, "x");
            var asWorker = await app.SendAsync(HttpMethod.Get, path, worker);
            var asAdmin = await app.SendAsync(HttpMethod.Get, path, TestApp.AdminKey);
            Assert.Equal((404, 404), (asWorker.Status, asAdmin.Status));
        }
    }

    [Theory]
    [InlineData("ak_not_a_real_key")]
    [InlineData("wt_not.a.jwt")]
    [InlineData("pk_unknown")]
    [InlineData("just-garbage")]
    public async Task A_bad_credential_is_401_on_both_kinds_of_endpoint(string credential)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (adminStatus, adminProblem) = await app.SendAsync(HttpMethod.Get, "/api/admin/workers", credential);
        var (workerStatus, workerProblem) = await app.SendAsync(HttpMethod.Get, "/api/me", credential);

        Assert.Equal((401, "invalid-token"), (adminStatus, adminProblem.Value<string>("code")));
        Assert.Equal((401, "invalid-token"), (workerStatus, workerProblem.Value<string>("code")));
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var token = await app.WorkerAsync("w-1");
        await app.WorkerAsync("w-2");
        var parts = token.Split('.');
        var payload = Newtonsoft.Json.Linq.JObject.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))));
        payload["sub"] = "w-2";
        var forged = $"{parts[0]}.{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.ToString(Newtonsoft.Json.Formatting.None))).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";

        var (status, problem) = await app.SendAsync(HttpMethod.Get, "/api/me", forged);

        Assert.Equal((401, "invalid-token"), (status, problem.Value<string>("code")));
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, clock);
        var token = await app.WorkerAsync("w-1");
        var (before, _) = await app.SendAsync(HttpMethod.Get, "/api/me", token);

        clock.Advance(TimeSpan.FromDays(366));
        var (after, problem) = await app.SendAsync(HttpMethod.Get, "/api/me", token);

        Assert.Equal(200, before);
        Assert.Equal((401, "invalid-token"), (after, problem.Value<string>("code")));
    }

    [Fact]
    public async Task Revoking_links_refuses_the_old_token_everywhere_and_the_new_one_works()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var old = await app.WorkerAsync("w-1");
        await app.ContentAsync("c-1", 5, 0);

        var (_, link) = await app.SendAsync(HttpMethod.Post, "/api/admin/workers/w-1/link", json: new { revokePrevious = true });
        var fresh = link.Value<string>("token");

        foreach (var (method, path) in new[] { ("GET", "/api/me"), ("GET", "/api/me/ledger"), ("GET", "/api/content"), ("POST", "/api/content/c-1/views"), ("GET", "/api/leaderboards/individual?period=all"), ("GET", "/api/leaderboards/units?period=week"), ("GET", "/api/quizzes"), ("GET", "/api/rewards"), ("GET", "/api/me/redemptions") })
        {
            var (status, problem) = await app.SendAsync(new HttpMethod(method), path, old);
            Assert.True(status == 401 && problem.Value<string>("code") == "invalid-token", $"{method} {path} took a revoked token: {status}");
        }

        var (ok, _) = await app.SendAsync(HttpMethod.Get, "/api/me", fresh);
        Assert.Equal(200, ok);
        Assert.Equal(2, link.Value<int>("tokenVersion"));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
