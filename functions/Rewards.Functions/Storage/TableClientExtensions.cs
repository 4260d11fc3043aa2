using Azure;
using Azure.Data.Tables;

namespace Rewards.Functions.Storage;

/// <summary>The two idempotent writes every table here needs: add unless present, delete if present.</summary>
internal static class TableClientExtensions
{
    /// <summary>Adds the row; false when a row with its keys already exists (nothing is changed then).</summary>
    public static async Task<bool> AddIfAbsentAsync(this TableClient table, ITableEntity row, CancellationToken ct)
    {
        try
        {
            await table.AddEntityAsync(row, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Deletes the row; false when there was none.</summary>
    public static async Task<bool> DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken ct)
    {
        try
        {
            // The SDK answers a missing row with a 404 response rather than an exception (Azure/azure-sdk-for-net#30462).
            return (await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, ct)).Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
