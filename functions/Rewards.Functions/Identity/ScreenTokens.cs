using System.Security.Claims;
using Rewards.Domain;

namespace Rewards.Functions.Identity;

/// <summary>What a valid screen link speaks for: one activity, at one screen-link version.</summary>
internal sealed record ScreenPrincipal(string ActivityId, int Version);

/// <summary>
/// A venue screen's link: it may read one activity's current check-in code and count, and nothing else, so the screen
/// at the venue never holds an admin key. Prefixed "st_", signed like worker links (their keys and rotation) under its own
/// audience, valid until the activity's check-in has closed (plus a grace). It rides in the fragment of
/// <c>/console/activities/{id}/checkin#st_…</c>, which a browser never sends. It carries the activity's screen-link version:
/// issuing a new link raises it, which ends every earlier link of that activity.
/// </summary>
internal sealed class ScreenTokens(WorkerTokens signer)
{
    public const string Prefix = "st_";
    private const string Audience = "screen";

    public static string Link(string baseUrl, string activityId, string token) =>
        $"{baseUrl.TrimEnd('/')}/console/activities/{Uri.EscapeDataString(activityId)}/checkin#{token}";

    public string Issue(string activityId, int version, DateTimeOffset expires) =>
        signer.Sign(Prefix, Audience, [new Claim("act", activityId), new Claim("ver", version.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer32)], expires);

    /// <summary>The activity the token's screen may show, and the link's version (checked against the activity's where it is read).</summary>
    public async Task<Decision<ScreenPrincipal>> ValidateAsync(string token) =>
        (await signer.VerifyAsync(Prefix, Audience, token)).Then<ScreenPrincipal>(jwt =>
            jwt.TryGetPayloadValue<string>("act", out var activity) && !string.IsNullOrEmpty(activity) && jwt.TryGetPayloadValue<int>("ver", out var version)
                ? new ScreenPrincipal(activity, version)
                : new Refusal(RefusalCodes.InvalidToken, "The screen link names no activity or version."));
}
