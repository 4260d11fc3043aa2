namespace Rewards.Domain.Ledger;

/// <summary>What an idempotency marker remembers: a fingerprint of the request and the outcome it produced.</summary>
public sealed record IdempotencyRecord(string RequestHash, string Outcome);

public static class Idempotency
{
    /// <summary>
    /// Decides what a request means given the marker its key already left, if any: null when it is new,
    /// the first outcome when it repeats the same request, a refusal when the key is reused for another.
    /// </summary>
    public static Decision<string?> Check(IdempotencyRecord? existing, string requestHash)
    {
        if (existing is null)
        {
            return (string?)null;
        }

        return existing.RequestHash == requestHash
            ? existing.Outcome
            : new Refusal(RefusalCodes.IdempotencyKeyReused, "This Idempotency-Key was already used for a different request.");
    }
}
