using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Rewards.Functions.Tests.Configuration;

public sealed class StorageConnectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddRewards(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Fact]
    public void The_identity_based_setting_of_the_infrastructure_reaches_the_service_uris()
    {
        using var services = Build(new()
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://stankang.table.core.windows.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://stankang.queue.core.windows.net/",
        });

        Assert.Equal("stankang.table.core.windows.net", services.GetRequiredService<TableServiceClient>().Uri.Host);
        Assert.Equal("stankang.queue.core.windows.net", services.GetRequiredService<QueueServiceClient>().Uri.Host);
    }

    [Fact]
    public void No_storage_setting_at_all_is_a_clear_error_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build([]));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }
}
