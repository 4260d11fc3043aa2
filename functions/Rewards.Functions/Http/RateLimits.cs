using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Rewards.Functions.Identity;
using Rewards.Functions.Partners;

namespace Rewards.Functions.Http;

/// <summary>A token bucket: a burst, then a sustained rate per second.</summary>
public sealed class BucketOptions
{
    [Range(1, 1_000_000)]
    public int Burst { get; set; }

    [Range(1, 1_000_000)]
    public int PerSecond { get; set; }
}

/// <summary>Rewards:RateLimits: how much each kind of caller may ask of one instance.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Rewards:RateLimits";

    /// <summary>Per worker token: a phone in someone's hand does not need more.</summary>
    [Required]
    public BucketOptions Worker { get; set; } = new() { Burst = 20, PerSecond = 5 };

    /// <summary>Per client IP, for calls without a credential: the share page, share opens, page loads.</summary>
    [Required]
    public BucketOptions Anonymous { get; set; } = new() { Burst = 60, PerSecond = 10 };

    /// <summary>Per partner key: integrations poll and bulk-accept.</summary>
    [Required]
    public BucketOptions Partner { get; set; } = new() { Burst = 200, PerSecond = 50 };

    /// <summary>Per admin key: the console loads many lists at once, imports and exports.</summary>
    [Required]
    public BucketOptions Admin { get; set; } = new() { Burst = 500, PerSecond = 100 };
}

/// <summary>
/// Limits at the edge of one instance (System.Threading.RateLimiting token buckets), keyed by the credential a
/// request carries, or by the client's address when it carries none. A request over its limit is answered 429
/// rate-limited with Retry-After before any function runs. A limit across instances belongs in front of the app
/// (Azure Front Door or API Management); see the README.
/// </summary>
internal sealed class RateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public RateLimits(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var (kind, key, bucket) = Classify(http, o);
            return RateLimitPartition.GetTokenBucketLimiter($"{kind}|{key}", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Burst,
                TokensPerPeriod = bucket.PerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    /// <summary>Null when the request may go on; otherwise the 429 to answer.</summary>
    public ProblemResult? Check(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ApiResults.Problem(429, ProblemCodes.RateLimited, "Too many requests", $"Too many requests; try again in {retryAfter} s.");
    }

    public void Dispose() => _limiter.Dispose();

    private static (string Kind, string Key, BucketOptions Bucket) Classify(HttpContext http, RateLimitOptions o)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var credential = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        // Keyed by a hash, so no credential is kept in the limiter's memory.
        return credential switch
        {
            _ when credential.StartsWith(WorkerTokens.Prefix, StringComparison.Ordinal) => ("worker", Hash(credential), o.Worker),
            _ when credential.StartsWith(ScreenTokens.Prefix, StringComparison.Ordinal) => ("screen", Hash(credential), o.Worker),
            _ when credential.StartsWith(AdminKeys.Prefix, StringComparison.Ordinal) => ("admin", Hash(credential), o.Admin),
            _ when credential.StartsWith(PartnersTable.KeyPrefix, StringComparison.Ordinal) => ("partner", Hash(credential), o.Partner),
            _ => ("ip", ClientAddress(http), o.Anonymous),
        };
    }

    private static string Hash(string credential) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(credential)), 0, 16);

    /// <summary>
    /// The caller's address. Behind the Functions front end the client is the last address the platform appended
    /// to X-Forwarded-For (earlier entries come from the client and can be forged); locally, the connection's.
    /// </summary>
    private static string ClientAddress(HttpContext http)
    {
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
