using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Rewards.Functions.Storage;

/// <summary>OData filters, always quoted and escaped by <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.</summary>
internal static class Filters
{
    public static string Partition(string partitionKey) =>
        TableClient.CreateQueryFilter(FormattableStringFactory.Create("PartitionKey eq {0}", partitionKey));

    public static string Row(string rowKey) =>
        TableClient.CreateQueryFilter(FormattableStringFactory.Create("RowKey eq {0}", rowKey));

    public static string RowRange(string from, string toExclusive) =>
        TableClient.CreateQueryFilter(FormattableStringFactory.Create("RowKey ge {0} and RowKey lt {1}", from, toExclusive));

    public static string AnyRow(IEnumerable<string> rowKeys) => "(" + string.Join(" or ", rowKeys.Select(Row)) + ")";

    public static string And(string a, string b) => $"({a}) and ({b})";

    public static string Or(string a, string b) => $"({a}) or ({b})";
}
