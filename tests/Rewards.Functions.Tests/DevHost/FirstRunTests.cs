using System.Net.Http.Headers;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>The DevHost as a developer first runs it: nothing configured, its own Azurite in a fresh state folder.</summary>
public sealed class FirstRun : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    public string State { get; } = Path.Combine(Path.GetTempPath(), "rewards-firstrun-" + Guid.NewGuid().ToString("N"));

    public HostProcess Host { get; private set; } = null!;

    public string AdminKey { get; private set; } = "";

    public HttpClient Http { get; } = new();

    /// <summary>The first request the host answered at all: sent from the moment the process starts.</summary>
    public (int Status, JObject Body) First { get; private set; }

    public async Task InitializeAsync()
    {
        Host = HostProcess.DevHost(new Dictionary<string, string> { ["DevHost:State"] = State });
        var secrets = Path.Combine(State, "dev-secrets.json");
        await TestApp.EventuallyAsync(() => Task.FromResult(File.Exists(secrets)), "the DevHost wrote its demo secrets", Generous);
        AdminKey = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(secrets))!["Rewards:AdminKeys:0"];
        using var first = await Host.FirstAnswerAsync(Http, () => Admin("/api/admin/hazards?limit=100"), Generous);
        First = ((int)first.StatusCode, JObject.Parse(await first.Content.ReadAsStringAsync()));
        await Host.WaitForLineAsync(l => l.Contains("Ankang Rewards is running at", StringComparison.Ordinal), Generous);
    }

    public HttpRequestMessage Admin(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Host.Url + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return request;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(State, recursive: true);
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(HostProcessCollection.Name)]
public sealed class FirstRunTests(FirstRun run) : IClassFixture<FirstRun>
{
    [Fact]
    public void The_first_request_the_devhost_answers_already_sees_the_whole_demo()
    {
        Assert.Equal(200, run.First.Status);
        Assert.Equal(5, run.First.Body["items"]!.Count());
    }

    [Fact]
    public async Task The_banner_prints_the_admin_key_the_devhost_generated_and_that_key_works()
    {
        using var workers = await run.Http.SendAsync(run.Admin("/api/admin/workers/w-001"));

        Assert.Contains(run.Host.Lines, l => l.Contains($"Admin key:   {run.AdminKey}", StringComparison.Ordinal));
        Assert.Equal(200, (int)workers.StatusCode);
    }

    [Fact]
    public void The_demo_secrets_file_is_readable_by_its_owner_only()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(run.State, "dev-secrets.json")));
    }
}
