using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Rewards.Domain;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Http;
using Rewards.Functions.Redemptions;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Partners;

/// <summary>
/// What the partner portal reads: the orders by status with counts and paging (one partition query; a partner's
/// orders are a few thousand at most), one order with its history, and the CSV of orders to ship for the courier.
/// </summary>
internal sealed class PortalQueries(OrdersTable orders, TimeProvider clock)
{
    public const int MaxLimit = 100;

    /// <summary>A page from <paramref name="continuation"/> (the decoded cursor: an offset into the sorted list).</summary>
    public async Task<Decision<OrderPage>> PageAsync(Partner partner, string? status, int limit, string? continuation, CancellationToken ct)
    {
        var offset = 0;
        if (continuation is not null && !int.TryParse(continuation, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            return new Refusal(ProblemCodes.InvalidCursor, "The cursor is not one this list gave out.");
        }

        var now = clock.GetUtcNow();
        var all = (await orders.ListAsync(partner.Id, null, ct)).Select(o => OrderViews.From(o, partner.AcceptanceDays)).ToList();
        var counts = all.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        var chosen = all.Where(o => status is null || o.Status == status)
            .OrderByDescending(o => Overdue(o, now))
            .ThenBy(o => Overdue(o, now) ? o.AcceptBy : null)
            .ThenByDescending(o => o.CreatedAt)
            .ThenByDescending(o => o.Id, StringComparer.Ordinal)
            .ToList();
        var page = chosen.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < chosen.Count ? Cursor.Encode((offset + page.Count).ToString(CultureInfo.InvariantCulture)) : null;
        return new OrderPage(page, counts, next);
    }

    public async Task<OrderView?> OrderAsync(Partner partner, string id, CancellationToken ct) =>
        await orders.FindAsync(partner.Id, id, ct) is { } row ? OrderViews.From(row, partner.AcceptanceDays, withHistory: true) : null;

    /// <summary>
    /// The accepted orders, oldest first, as CSV for the courier: UTF-8 with a byte order mark (so spreadsheet
    /// programs read the Chinese right), and every cell that a spreadsheet would run as a formula (starting with
    /// =, +, -, @, tab or carriage return) escaped with a leading apostrophe.
    /// </summary>
    public async Task<byte[]> ShippingCsvAsync(Partner partner, CancellationToken ct)
    {
        var toShip = (await orders.ListAsync(partner.Id, Fulfilment.Accepted, ct)).Select(o => OrderViews.From(o)).OrderBy(o => o.CreatedAt).ToList();
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var header in new[] { "订单号", "奖品", "数量", "收件人", "电话", "地址" })
            {
                csv.WriteField(header);
            }

            await csv.NextRecordAsync();
            foreach (var o in toShip)
            {
                foreach (var field in new[] { o.Id, o.Title, o.Quantity.ToString(CultureInfo.InvariantCulture), o.Recipient?.Name, o.Recipient?.Phone, o.Recipient?.Address })
                {
                    csv.WriteField(field ?? "");
                }

                await csv.NextRecordAsync();
            }
        }

        return buffer.ToArray();
    }

    private static bool Overdue(OrderView o, DateTimeOffset now) => o.Status == Fulfilment.Reserved && o.AcceptBy <= now;

}
