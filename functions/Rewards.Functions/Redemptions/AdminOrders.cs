using System.Globalization;
using Azure.Data.Tables;
using Rewards.Domain;
using Rewards.Domain.Redemptions;
using Rewards.Functions.Http;
using Rewards.Functions.Partners;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Redemptions;

/// <summary>An order as the console lists it: whose partner it is, and whether it is overdue (past its acceptance deadline, still unaccepted).</summary>
internal sealed record AdminOrder(
    string Id, string PartnerId, string PartnerName, string RewardId, string Title, int Quantity, string Status, bool Overdue, DateTimeOffset? AcceptBy,
    DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, string WorkerId, Recipient? Recipient, string? TrackingNo, string? Reason);

/// <summary>A page of orders; a page may hold fewer than the limit (even none) while <c>NextCursor</c> is set: follow it until it is null.</summary>
internal sealed record AdminOrderPage(IReadOnlyList<AdminOrder> Items, string? NextCursor);

/// <summary>
/// Every partner's orders for the console, overdue ones first, in two passes over the Orders table: the overdue
/// pass (reserved, created before the shortest deadline, then checked against each order's own partner), then
/// the rest (everything that pass did not show), each in table order. The cursor carries the pass, the time the
/// first page was read (so an order cannot change sides between pages) and the storage continuation. A page costs
/// one read of the partners and at most <see cref="MaxQueriesPerPage"/> queries, whatever the table's size.
/// </summary>
internal sealed class AdminOrders(OrdersTable orders, PartnersTable partners, TimeProvider clock)
{
    public const int MaxQueriesPerPage = 4;

    private const string OverduePass = "o";
    private const string RestPass = "r";

    public async Task<Decision<AdminOrderPage>> PageAsync(string? status, string? partnerId, int limit, string? continuation, CancellationToken ct)
    {
        if (Position.Read(continuation, clock.GetUtcNow()) is not { } start)
        {
            return new Refusal(ProblemCodes.InvalidCursor, "The cursor is not one this list gave out.");
        }

        var asOf = start.AsOf;
        var known = (await partners.AllAsync(ct)).ToDictionary(p => p.Id);
        var inScope = known.Values.Where(p => partnerId is null || p.Id == partnerId).ToList();
        var overdueCutoff = inScope.Count == 0 ? (DateTimeOffset?)null : asOf - TimeSpan.FromDays(inScope.Min(p => p.AcceptanceDays));

        // No order can be overdue without a partner in scope, or when another status than reserved is asked for.
        var position = start.Pass == OverduePass && (overdueCutoff is null || status is not (null or Fulfilment.Reserved)) ? start.Next() : start;

        bool IsOverdue(TableEntity o) => o.GetString("Status") == Fulfilment.Reserved && known.TryGetValue(o.PartitionKey, out var p)
            && o.GetDateTimeOffset("CreatedAt") is { } created && created + TimeSpan.FromDays(p.AcceptanceDays) <= asOf;

        var items = new List<AdminOrder>();
        for (var queries = 0; position.Pass is not null && items.Count < limit && queries < MaxQueriesPerPage; queries++)
        {
            var overduePass = position.Pass == OverduePass;
            var (rows, next) = await orders.PageAsync(
                partnerId, overduePass ? Fulfilment.Reserved : status, overduePass ? overdueCutoff : null, limit - items.Count, position.Continuation, ct);
            items.AddRange(rows.Where(o => IsOverdue(o) == overduePass).Select(o => View(o, known, overduePass)));
            position = next is null ? position.Next() : position with { Continuation = next };
        }

        return new AdminOrderPage(items, position.Pass is null ? null : Cursor.Encode(position.Write()));
    }

    private static AdminOrder View(TableEntity row, Dictionary<string, Partner> known, bool overdue)
    {
        var partner = known.GetValueOrDefault(row.PartitionKey);
        var o = OrderViews.From(row, partner?.AcceptanceDays);
        return new AdminOrder(
            o.Id, row.PartitionKey, partner?.Name ?? row.PartitionKey, o.RewardId, o.Title, o.Quantity, o.Status, overdue, o.AcceptBy,
            o.CreatedAt, o.UpdatedAt, o.WorkerId, o.Recipient, o.TrackingNo, o.Reason);
    }

    /// <summary>Where a listing stands: the pass (null when done), the instant it is judged at, and the storage continuation within the pass.</summary>
    private sealed record Position(string? Pass, DateTimeOffset AsOf, string? Continuation)
    {
        /// <summary>The start of the next pass, or the end (a null pass) after the last.</summary>
        public Position Next() => this with { Pass = Pass == OverduePass ? RestPass : null, Continuation = null };

        public string Write() => $"{Pass}|{AsOf.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{Continuation}";

        public static Position? Read(string? continuation, DateTimeOffset now)
        {
            if (continuation is null)
            {
                return new Position(OverduePass, now, null);
            }

            var parts = continuation.Split('|', 3);
            return parts.Length == 3 && parts[0] is OverduePass or RestPass
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new Position(parts[0], new DateTimeOffset(ticks, TimeSpan.Zero), parts[2].Length > 0 ? parts[2] : null)
                : null;
        }
    }
}
