using Rewards.Domain;
using Rewards.Domain.Activities;
using Rewards.Functions.Identity;
using Rewards.Functions.Rules;

namespace Rewards.Functions.Activities;

/// <summary>A venue screen's link as the console hands it out: the address to open on the screen and until when it works.</summary>
internal sealed record ScreenLink(string ActivityId, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Venue screens without the admin key: an admin issues a link for one activity's screen, which shows that activity's
/// code and count and nothing else, until its check-in has closed (plus <see cref="Grace"/>) or a newer link of the
/// activity is issued (a leaked link is ended by issuing another).
/// </summary>
internal sealed class ScreenLinks(ActivitiesTable activities, ActivityCatalog catalog, ScreenTokens tokens, RulesStore rules, TimeProvider clock)
{
    /// <summary>How long after the check-in closes a screen link still works (a late screen, the final count).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(12);

    public async Task<Decision<ScreenLink>> IssueAsync(string activityId, string baseUrl, CancellationToken ct)
    {
        if (await activities.FindAsync(activityId, ct) is not { } activity)
        {
            return new Refusal(ActivityCodes.ActivityNotFound, $"There is no activity '{activityId}'.");
        }

        var snapshot = await rules.GetAsync(ct);
        var closes = snapshot.Instant(activity.CheckInCloses);
        var now = clock.GetUtcNow();
        var expires = (closes > now ? closes : now) + Grace;
        var version = await activities.RaiseScreenVersionAsync(activity.Id, ct);
        return new ScreenLink(activity.Id, ScreenTokens.Link(baseUrl, activity.Id, tokens.Issue(activity.Id, version, expires)), snapshot.Local(expires));
    }

    /// <summary>The code and count of the one activity the screen's link is for, while the link is the activity's newest.</summary>
    public async Task<Decision<CheckInCode>> CodeAsync(ScreenPrincipal screen, CancellationToken ct) =>
        await activities.ScreenVersionAsync(screen.ActivityId, ct) == screen.Version
            ? await catalog.CodeAsync(screen.ActivityId, ct)
            : new Refusal(RefusalCodes.InvalidToken, "This screen link was replaced by a newer one; open the newest link on this screen.");
}
