using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.Security;

/// <summary>What every response carries, and the limits every caller meets, whichever function answers.</summary>
[Collection(StorageCollection.Name)]
public sealed class EdgeTests(AzuriteFixture azurite)
{
    private static Task<TestApp> WithProductionLimitsAsync(AzuriteFixture azurite) =>
        TestApp.StartAsync(azurite, configure: o =>
        {
            foreach (var key in o.Settings.Keys.Where(k => k.StartsWith("Rewards:RateLimits:", StringComparison.Ordinal)).ToList())
            {
                o.Settings.Remove(key);
            }
        });

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/me")]
    [InlineData("/w/wt_anything")]
    [InlineData("/assets/worker.js")]
    [InlineData("/api/no-such-route")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var response = await app.Http.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/admin/workers", null)]
    [InlineData("/api/admin/content", "ak_wrong_key_0123456789abcdefghijklmnop")]
    [InlineData("/api/partner/orders/x/reject", "pk_p-001.0123")]
    public async Task An_unauthenticated_upload_to_the_admin_or_partner_area_is_refused_before_its_body_is_read(string path, string? credential)
    {
        await using var app = await TestApp.StartAsync(azurite);

        // A raw connection streams a 1 MiB upload (chunked, so no length tells the server to give up early) and
        // stops after its first 16 KiB: a server that reads bodies before checking the caller waits for the rest
        // and never answers.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(app.Http.BaseAddress!.Host, app.Http.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + (credential is null ? "" : $"Authorization: Bearer {credential}\r\n") + "\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head + $"{16 * 1024:x}\r\n{new string(' ', 16 * 1024)}\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var answer = System.Text.Encoding.UTF8.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 401", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_no_function_answers_is_a_problem_too()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var (status, problem) = await app.SendAsync(HttpMethod.Get, "/api/no-such-route", bearer: null);

        Assert.Equal((404, "not-found"), (status, problem.Value<string>("code")));
    }

    [Fact]
    public async Task A_worker_token_gets_a_burst_of_20_then_429_with_retry_after()
    {
        await using var app = await WithProductionLimitsAsync(azurite);
        var token = await app.WorkerAsync("w-1");

        var statuses = new List<(int Status, string? Code, bool RetryAfter)>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await app.Http.SendAsync(app.Request(HttpMethod.Get, "/api/me", token));
            var body = await response.Content.ReadAsStringAsync();
            statuses.Add(((int)response.StatusCode, (int)response.StatusCode == 429 ? Newtonsoft.Json.Linq.JObject.Parse(body).Value<string>("code") : null, response.Headers.RetryAfter is not null));
        }

        var other = await app.WorkerAsync("w-2");
        var (otherStatus, _) = await app.SendAsync(HttpMethod.Get, "/api/me", other);

        // The burst is 20 and 5 more come back each second: however slow this machine, the first 20 pass and
        // at least one of the next 10 is refused.
        Assert.All(statuses.Take(20), s => Assert.Equal(200, s.Status));
        Assert.Contains(statuses.Skip(20), s => s == (429, "rate-limited", true));
        Assert.Equal(200, otherStatus);
    }

    [Fact]
    public async Task Anonymous_calls_are_limited_per_client_address()
    {
        await using var app = await WithProductionLimitsAsync(azurite);

        var statuses = new List<int>();
        for (var i = 0; i < 90; i++)
        {
            using var response = await app.Http.GetAsync("/api/shares/nosuchcode");
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses.Take(60), s => Assert.NotEqual(429, s));
        Assert.Contains(429, statuses.Skip(60));
    }
}
