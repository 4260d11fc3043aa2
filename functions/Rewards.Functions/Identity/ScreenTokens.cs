using System.Security.Claims;
using Rewards.Domain;

namespace Rewards.Functions.Identity;

/// <summary>
/// A venue screen's link: it may read one activity's current check-in code and count, and nothing else, so the screen
/// at the venue never holds an admin key. Prefixed "st_", signed like worker links (their keys and rotation) under its own
/// audience, valid until the activity's check-in has closed (plus a grace). It rides in the fragment of
/// <c>/console/activities/{id}/checkin#st_…</c>, which a browser never sends.
/// </summary>
internal sealed class ScreenTokens(WorkerTokens signer)
{
    public const string Prefix = "st_";
    private const string Audience = "screen";

    public static string Link(string baseUrl, string activityId, string token) =>
        $"{baseUrl.TrimEnd('/')}/console/activities/{Uri.EscapeDataString(activityId)}/checkin#{token}";

    public string Issue(string activityId, DateTimeOffset expires) => signer.Sign(Prefix, Audience, [new Claim("act", activityId)], expires);

    /// <summary>The activity the token's screen may show.</summary>
    public async Task<Decision<string>> ValidateAsync(string token) =>
        (await signer.VerifyAsync(Prefix, Audience, token)).Then<string>(jwt =>
            jwt.TryGetPayloadValue<string>("act", out var activity) && !string.IsNullOrEmpty(activity)
                ? activity
                : new Refusal(RefusalCodes.InvalidToken, "The screen link names no activity."));
}
