namespace Rewards.Functions.Storage;

/// <summary>
/// Where the app keeps its data. <see cref="Prefix"/> is empty in production; tests and benchmarks set
/// one so that every run gets tables and queues of its own in a shared Azurite.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Rewards:Storage";

    [System.ComponentModel.DataAnnotations.RegularExpression("^[a-z][a-z0-9]{0,15}$", ErrorMessage = "The prefix is up to 16 lowercase letters and digits, starting with a letter.")]
    public string Prefix { get; set; } = "";

    public string Table(string name) => Prefix + name;

    public string Queue(string name) => Prefix.Length == 0 ? name : $"{Prefix}-{name}";

    /// <summary>Blob containers follow the queues' naming: lowercase, hyphenated, prefixed.</summary>
    public string Container(string name) => Queue(name);
}

/// <summary>The tables and queues the app uses. The infrastructure creates the same set up front.</summary>
public static class StorageNames
{
    public const string Accounts = "Accounts";
    public const string Workers = "Workers";
    public const string Content = "Content";
    public const string Rules = "Rules";
    public const string Campaigns = "Campaigns";
    public const string Quizzes = "Quizzes";
    public const string Questions = "Questions";
    public const string Shares = "Shares";
    public const string Leaderboards = "Leaderboards";
    public const string Competitions = "Competitions";
    public const string CompetitionScores = "CompetitionScores";
    public const string Partners = "Partners";
    public const string Rewards = "Rewards";
    public const string Stock = "Stock";
    public const string Orders = "Orders";
    public const string Hazards = "Hazards";
    public const string Activities = "Activities";
    public const string CheckIns = "CheckIns";

    /// <summary>What the timers must look at, keyed by when: the outbox index and the expiry schedule.</summary>
    public const string Schedule = "Schedule";
    public const string Units = "Units";
    public const string Audit = "Audit";
    public const string WebhookDeliveries = "WebhookDeliveries";

    public const string LedgerEvents = "ledger-events";
    public const string CompetitionScoreQueue = "competition-scores";
    public const string RedemptionQueue = "redemptions";
    public const string PartnerNotificationQueue = "notify-partner";
    public const string CompetitionPayoutQueue = "competition-payouts";
    public const string HazardPhotoQueue = "hazard-photos";
    public const string HazardPhotoPoisonQueue = HazardPhotoQueue + "-poison";

    /// <summary>The blob container of hazard photos (the infrastructure creates it).</summary>
    public const string HazardPhotos = "hazard-photos";

    public static IReadOnlyList<string> Tables { get; } = [Accounts, Workers, Content, Rules, Campaigns, Quizzes, Questions, Shares, Leaderboards, Competitions, CompetitionScores, Partners, Rewards, Stock, Orders, Schedule, Hazards, Units, Audit, WebhookDeliveries, Activities, CheckIns];

    public static IReadOnlyList<string> Queues { get; } = [LedgerEvents, LedgerEvents + "-poison", CompetitionScoreQueue, CompetitionScoreQueue + "-poison", RedemptionQueue, RedemptionQueue + "-poison", PartnerNotificationQueue, PartnerNotificationQueue + "-poison", CompetitionPayoutQueue, CompetitionPayoutQueue + "-poison", HazardPhotoQueue, HazardPhotoPoisonQueue];
}
