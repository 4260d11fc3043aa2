using Azure.Data.Tables;
using Rewards.Domain.Hazards;

namespace Rewards.Functions.Hazards;

/// <summary>
/// A report in its reporter's partition of Accounts (row "hazard|{id}"), where its state changes in the same
/// transaction as the points it pays and the day's count of reports. Mapped by hand.
/// </summary>
internal static class HazardRow
{
    public const string From = "hazard|";
    public const string To = "hazard}";

    public static string Key(string id) => From + id;

    public static string Photo(TableEntity row) => row.GetString("Photo") ?? "";

    public static string? AfterPhoto(TableEntity row) => row.GetString("AfterPhoto");

    public static TableEntity New(HazardReport report, string photo)
    {
        var row = Fields(report);
        row["Photo"] = photo;
        return row;
    }

    /// <summary>The report's fields as a merge under the ETag the decision read, so a concurrent change makes the commit fail with 412.</summary>
    public static TableTransactionAction Update(TableEntity read, HazardReport next, string? afterPhoto = null)
    {
        var row = Fields(next);
        if (afterPhoto is not null)
        {
            row["AfterPhoto"] = afterPhoto;
        }

        return new TableTransactionAction(TableTransactionActionType.UpdateMerge, row, read.ETag);
    }

    public static HazardReport Read(TableEntity row) => new(
        row.RowKey[From.Length..],
        row.PartitionKey,
        row.GetString("UnitId") ?? "",
        row.GetString("Category") ?? "",
        row.GetString("Place") ?? "",
        row.GetString("Description") ?? "",
        row.GetString("Status") ?? HazardStatus.Submitted,
        row.GetDateTimeOffset("SubmittedAt") ?? default,
        Json.Deserialize<List<HazardStep>>(row.GetString("History") ?? "[]") ?? [],
        row.GetInt32("Version") ?? 1,
        row.GetString("Severity"),
        row.GetString("Reason"),
        row.GetString("DuplicateOf"),
        row.GetString("RectificationNote"),
        row.GetBoolean("HasAfterPhoto") ?? false,
        row.GetInt64("Hash") is { } hash ? unchecked((ulong)hash) : null,
        Json.Deserialize<List<NearDuplicate>>(row.GetString("Duplicates") ?? "[]"));

    private static TableEntity Fields(HazardReport r) => new(r.WorkerId, Key(r.Id))
    {
        ["UnitId"] = r.UnitId,
        ["Category"] = r.Category,
        ["Place"] = r.Place,
        ["Description"] = r.Description,
        ["Status"] = r.Status,
        ["SubmittedAt"] = r.SubmittedAt,
        ["History"] = Json.Serialize(r.History),
        ["Version"] = r.Version,
        ["Severity"] = r.Severity,
        ["Reason"] = r.Reason,
        ["DuplicateOf"] = r.DuplicateOf,
        ["RectificationNote"] = r.RectificationNote,
        ["HasAfterPhoto"] = r.HasAfterPhoto,
        ["Hash"] = r.Hash is { } hash ? unchecked((long)hash) : null,
        ["Duplicates"] = r.Duplicates is null ? null : Json.Serialize(r.Duplicates),
    };
}
