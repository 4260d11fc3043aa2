using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Newtonsoft.Json.Linq;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>
/// The DevHost pointed at storage someone configured (AzureWebJobsStorage) with only an admin key set: the
/// storage here is an Azurite of the fixture's own, standing in for a shared or real account.
/// </summary>
public sealed class ConfiguredStorage : IAsyncLifetime
{
    public const string AdminKey = "ak_configured_0123456789abcdef0123456789";
    private Azurite? _azurite;

    public string State { get; } = Path.Combine(Path.GetTempPath(), "rewards-configured-" + Guid.NewGuid().ToString("N"));

    public string Prefix { get; } = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    public HostProcess Host { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public string ConnectionString => _azurite!.ConnectionString;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync(HostProcess.RepositoryRoot, location: null);
        Host = HostProcess.DevHost(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Rewards:Storage:Prefix"] = Prefix,
            ["Rewards:AdminKeys:0"] = AdminKey,
            ["DevHost:State"] = State,
        });
        await Host.WaitForLineAsync(l => l.Contains("Ankang Rewards is running at", StringComparison.Ordinal), TimeSpan.FromMinutes(4));
    }

    public async Task<(int Status, JObject Body)> SendAsync(HttpMethod method, string path, string bearer, object? json = null)
    {
        using var request = new HttpRequestMessage(method, Host.Url + path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? [] : JObject.Parse(text));
    }

    public TableClient Table(string name) => new(ConnectionString, Prefix + name);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(State, recursive: true);
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(HostProcessCollection.Name)]
public sealed class ConfiguredStorageTests(ConfiguredStorage run) : IClassFixture<ConfiguredStorage>
{
    [Fact]
    public async Task Configuring_only_an_admin_key_starts_with_a_generated_signing_key_and_worker_links_work()
    {
        await run.SendAsync(HttpMethod.Post, "/api/admin/workers", ConfiguredStorage.AdminKey, new { id = "w-linked", displayName = "测试职工", unitId = "unit-a" });
        var (issued, link) = await run.SendAsync(HttpMethod.Post, "/api/admin/workers/w-linked/link", ConfiguredStorage.AdminKey);
        var (me, body) = await run.SendAsync(HttpMethod.Get, "/api/me", link.Value<string>("token")!);

        Assert.Equal(200, issued);
        Assert.Equal((200, "w-linked"), (me, body.Value<string>("id")));
    }

    [Fact]
    public async Task The_demo_secrets_file_holds_only_what_the_devhost_generated()
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(run.State, "dev-secrets.json")))!;

        Assert.Equal([DevSecrets.CheckInCodeKey, DevSecrets.SigningKey, DevSecrets.WebhookEncryptionKey], secrets.Keys.Order());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(run.State, "dev-secrets.json")));
    }

    [Fact]
    public void The_banner_never_prints_a_configured_admin_key()
    {
        Assert.DoesNotContain(run.Host.Lines, l => l.Contains(ConfiguredStorage.AdminKey, StringComparison.Ordinal));
        Assert.Contains(run.Host.Lines, l => l.Contains("no demo data is written there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_of_the_demo_is_written_into_configured_storage()
    {
        var rules = await run.Table("Rules").GetEntityIfExistsAsync<TableEntity>("program", "rules");
        var demoWorker = await run.Table("Workers").QueryAsync<TableEntity>(maxPerPage: 1000).Where(w => w.RowKey == "w-001" || w.PartitionKey == "w-001").ToListAsync();
        var content = await run.Table("Content").QueryAsync<TableEntity>().ToListAsync();
        var partners = await run.Table("Partners").QueryAsync<TableEntity>().ToListAsync();
        var hazards = await run.Table("Hazards").QueryAsync<TableEntity>().ToListAsync();

        Assert.False(rules.HasValue);
        Assert.Empty(demoWorker);
        Assert.Empty(content);
        Assert.Empty(partners);
        Assert.Empty(hazards);
    }
}
