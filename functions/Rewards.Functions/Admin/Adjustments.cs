using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rewards.Domain;
using Rewards.Domain.Ledger;
using Rewards.Functions.Accounts;
using Rewards.Functions.Storage;

namespace Rewards.Functions.Admin;

internal sealed class AdjustmentRequest
{
    [Required, RegularExpression(Ids.Pattern, ErrorMessage = Ids.Message)]
    public string? WorkerId { get; set; }

    // Compared as long: an int range would overflow on a long such as 2^63-1 instead of refusing it.
    [Required, Range(typeof(long), "-100000", "100000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public long? Amount { get; set; }

    [Required, StringLength(200, MinimumLength = 1)]
    public string? Reason { get; set; }
}

internal sealed record AdjustmentOutcome(string TxId, string WorkerId, long Amount, long Balance);

/// <summary>Admin credits and debits: idempotent per Idempotency-Key (scoped to the worker), never below a zero balance.</summary>
internal sealed class Adjustments(LedgerWriter writer)
{
    public Task<Decision<AdjustmentOutcome>> AdjustAsync(AdjustmentRequest request, string idempotencyKey, CancellationToken ct)
    {
        var amount = request.Amount!.Value;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', request.WorkerId, amount.ToString(CultureInfo.InvariantCulture), request.Reason))));
        var posting = new Posting(amount, LedgerKinds.Adjustment, request.Reason!, $"adjustment:{idempotencyKey}");
        return writer.WriteAsync(
            new LedgerCommand(request.WorkerId!, null, $"adj:{idempotencyKey}", hash, SnapshotQuery.Nothing),
            _ => ((LedgerChange)posting).As(posted => new AdjustmentOutcome(posted.Line!.TxId, request.WorkerId!, posted.Line.Amount, posted.Account.Balance)),
            ct);
    }
}
