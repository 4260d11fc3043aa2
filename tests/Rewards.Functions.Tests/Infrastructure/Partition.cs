using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Tests.Infrastructure;

/// <summary>Reads a worker's whole partition straight from storage, to prove what did or did not change.</summary>
public static class Partition
{
    public static async Task<IReadOnlyList<string>> SnapshotAsync(TestApp app, string workerId)
    {
        var service = app.Services.GetRequiredService<TableServiceClient>();
        var table = service.GetTableClient(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Table(StorageNames.Accounts));
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(Filters.Partition(workerId)))
        {
            rows.Add($"{row.RowKey} {row.ETag}");
        }

        return rows;
    }
}
