using System.Globalization;

namespace Rewards.Domain.Earning;

/// <summary>Days are the program's local days, never UTC midnight.</summary>
public static class LocalDay
{
    public static DateOnly Of(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
