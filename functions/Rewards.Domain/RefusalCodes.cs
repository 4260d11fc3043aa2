namespace Rewards.Domain;

/// <summary>The stable codes a client can rely on. Never rename one: add a new one.</summary>
public static class RefusalCodes
{
    public const string DailyCapReached = "daily-cap-reached";
    public const string TooEarly = "too-early";
    public const string AlreadyCompleted = "already-completed";
    public const string InsufficientPoints = "insufficient-points";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string InvalidToken = "invalid-token";
    public const string NotFound = "not-found";
    public const string InvalidAmount = "invalid-amount";
    public const string ViewNotFound = "view-not-found";
}
