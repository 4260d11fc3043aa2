using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Rewards.Bench;

internal sealed record RushResult(int Requests, int Stock, int Accepted, double AcceptedPerSecond, double SecondsUntilFinal, int Reserved, int Refused, int Pending, long Remaining, int Oversold);

/// <summary>
/// M funded workers redeem one prize of stock K at once, through HTTP; then the time until every
/// redemption is final (reserved or refused), read straight from the Accounts table, and the oversell count. It stops
/// waiting after 10 minutes and says how many were still pending then (none when every one became final).
/// </summary>
internal static class RedemptionRush
{
    public static async Task<RushResult> RunAsync(HttpClient http, string adminKey, TableServiceClient tables, string prefix, int m, int k)
    {
        await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/admin/partners", adminKey, new { id = "rush-partner", name = "压测合作方", webhookUrl = "https://partner.example.cn/hook" });
        await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/admin/rewards", adminKey, new { id = "rush", title = "压测奖品", cost = 1, stock = k, partnerId = "rush-partner" });
        var tokens = new string[m];
        await Parallel.ForEachAsync(Enumerable.Range(0, m), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/admin/workers", adminKey, new { id = $"rush-{i}", displayName = "压测职工", unitId = "rush" });
            await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/admin/adjustments", adminKey, new { workerId = $"rush-{i}", amount = 1, reason = "压测" }, $"rush-fund-{i}");
            using var link = await BenchHttp.SendAsync(http, HttpMethod.Post, $"/api/admin/workers/rush-{i}/link", adminKey, null);
            tokens[i] = JsonNode.Parse(await link.Content.ReadAsStringAsync(ct))!["token"]!.GetValue<string>();
        });

        var clock = Stopwatch.StartNew();
        var accepted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, m), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            using var response = await BenchHttp.SendAsync(http, HttpMethod.Post, "/api/redemptions", tokens[i], new { rewardId = "rush", quantity = 1 }, $"rush-{i}");
            if ((int)response.StatusCode == 202)
            {
                Interlocked.Increment(ref accepted);
            }
        });
        var requested = clock.Elapsed;

        var accounts = tables.GetTableClient(prefix + "Accounts");
        var (reserved, refused, pending) = (0, 0, m);
        while (pending > 0 && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            (reserved, refused, pending) = (0, 0, 0);
            await foreach (var row in accounts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter<TableEntity>(e => e.RowKey.CompareTo("redemption|") >= 0 && e.RowKey.CompareTo("redemption}") < 0), select: ["Status", "RewardId"]))
            {
                if (row.GetString("RewardId") != "rush")
                {
                    continue;
                }

                _ = row.GetString("Status") switch { "reserved" => reserved++, "refused" => refused++, _ => pending++ };
            }

            await Task.Delay(200);
        }

        var final = clock.Elapsed - requested;
        var stock = (await tables.GetTableClient(prefix + "Stock").GetEntityAsync<TableEntity>("rush", "stock")).Value;
        var remaining = stock.GetInt64("Remaining") ?? 0;
        var oversold = (int)Math.Max(0, (stock.GetInt64("Reserved") ?? 0) - k) + (remaining < 0 ? 1 : 0) + Math.Max(0, reserved - k);
        return new RushResult(m, k, accepted, accepted / requested.TotalSeconds, final.TotalSeconds, reserved, refused, pending, remaining, oversold);
    }
}
