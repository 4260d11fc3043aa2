using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Rewards.DevHost.Hosting;
using Rewards.Functions.Tests.Infrastructure;

namespace Rewards.Functions.Tests.DevHost;

/// <summary>The DevHost's own Azurite (no AzureWebJobsStorage): its ports and data outlive a restart, and it comes back when it dies.</summary>
public sealed class LocalAzuriteTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "rewards-state-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private static TableClient Table(Azurite azurite) =>
        new(azurite.ConnectionString, "Kept", new TableClientOptions { Retry = { MaxRetries = 0 } });

    private static async Task<long?> PointsAsync(Azurite azurite)
    {
        try
        {
            return (await Table(azurite).GetEntityAsync<TableEntity>("w-1", "account")).Value.GetInt64("Points");
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or IOException or HttpRequestException)
        {
            return null;
        }
    }

    [Fact]
    public async Task The_devhosts_azurite_keeps_its_ports_and_data_across_restarts_and_is_started_again_when_it_dies()
    {
        var root = Azurite.FindRepositoryRoot(AppContext.BaseDirectory);
        AzuritePorts first;
        await using (var azurite = await LocalAzurite.StartAsync(root, _state, NullLogger.Instance))
        {
            first = azurite.Ports;
            await Table(azurite).CreateIfNotExistsAsync();
            await Table(azurite).AddEntityAsync(new TableEntity("w-1", "account") { ["Points"] = 7L });
        }

        await using var again = await LocalAzurite.StartAsync(root, _state, NullLogger.Instance);
        var keptOverRestart = await PointsAsync(again);
        var died = again.ProcessId;
        using (var process = Process.GetProcessById(died))
        {
            process.Kill();
        }

        await TestApp.EventuallyAsync(async () => again.ProcessId != died && await PointsAsync(again) == 7, "Azurite is back, with its data");

        Assert.Equal(first, again.Ports);
        Assert.Equal(first, AzuritePorts.Load(Path.Combine(_state, "azurite-ports.json")));
        Assert.Equal(7, keptOverRestart);
        Assert.Contains($":{first.Table}/", again.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_its_ports_are_taken_it_takes_free_ones_and_remembers_them()
    {
        var root = Azurite.FindRepositoryRoot(AppContext.BaseDirectory);
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        new AzuritePorts(0, 0, taken).Save(Path.Combine(_state, "azurite-ports.json"));

        await using var azurite = await LocalAzurite.StartAsync(root, _state, NullLogger.Instance);
        await Table(azurite).CreateIfNotExistsAsync();

        Assert.NotEqual(taken, azurite.Ports.Table);
        Assert.Equal(azurite.Ports, AzuritePorts.Load(Path.Combine(_state, "azurite-ports.json")));
    }
}
