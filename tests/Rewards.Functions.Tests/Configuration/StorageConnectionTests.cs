using Azure.Data.Tables;
using Azure.Storage.Blobs;
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
            ["AzureWebJobsStorage:blobServiceUri"] = "https://stankang.blob.core.windows.net/",
        });

        Assert.Equal("stankang.table.core.windows.net", services.GetRequiredService<TableServiceClient>().Uri.Host);
        Assert.Equal("stankang.queue.core.windows.net", services.GetRequiredService<QueueServiceClient>().Uri.Host);
        Assert.Equal("stankang.blob.core.windows.net", services.GetRequiredService<BlobServiceClient>().Uri.Host);
    }

    [Fact]
    public void A_connection_string_reaches_the_blob_service_of_the_same_account()
    {
        using var services = Build(new() { ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;" });

        Assert.Equal(10000, services.GetRequiredService<BlobServiceClient>().Uri.Port);
    }

    [Fact]
    public void No_storage_setting_at_all_is_a_clear_error_at_start()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Build([]));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }
}
