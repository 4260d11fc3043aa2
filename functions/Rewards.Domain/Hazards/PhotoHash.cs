using System.Numerics;

namespace Rewards.Domain.Hazards;

/// <summary>
/// A 64-bit difference hash (dHash): the grey image shrunk to 9×8 by averaging, then one bit per pair of
/// horizontal neighbours, set when the left one is brighter. Re-encoding, rescaling and mild recompression
/// move few bits; a different scene moves about half of them.
/// </summary>
public static class PhotoHash
{
    public const int NearDistance = 10;

    /// <summary>The hash of a grey image given row by row, <paramref name="width"/> bytes a row.</summary>
    public static ulong Difference(ReadOnlySpan<byte> grey, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(grey.Length, width * height);
        Span<double> cells = stackalloc double[9 * 8];
        for (var cy = 0; cy < 8; cy++)
        {
            var (y0, y1) = Span(cy, 8, height);
            for (var cx = 0; cx < 9; cx++)
            {
                var (x0, x1) = Span(cx, 9, width);
                long sum = 0;
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                    {
                        sum += grey[(y * width) + x];
                    }
                }

                cells[(cy * 9) + cx] = (double)sum / ((y1 - y0) * (x1 - x0));
            }
        }

        ulong hash = 0;
        for (var cy = 0; cy < 8; cy++)
        {
            for (var cx = 0; cx < 8; cx++)
            {
                if (cells[(cy * 9) + cx] > cells[(cy * 9) + cx + 1])
                {
                    hash |= 1UL << ((cy * 8) + cx);
                }
            }
        }

        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The pixels of cell <paramref name="cell"/> of <paramref name="cells"/> along a side of <paramref name="size"/> pixels; never empty.</summary>
    private static (int From, int To) Span(int cell, int cells, int size)
    {
        var from = cell * size / cells;
        var to = (cell + 1) * size / cells;
        return to > from ? (from, to) : (Math.Min(from, size - 1), Math.Min(from, size - 1) + 1);
    }
}

/// <summary>What the duplicate search knows of another report of the same unit.</summary>
public sealed record ReportFingerprint(string Id, string Place, DateTimeOffset SubmittedAt, ulong? Hash);

public static class NearDuplicates
{
    public static readonly TimeSpan PhotoWindow = TimeSpan.FromDays(90);
    public static readonly TimeSpan PlaceWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The same unit's reports that look like this one: a photo within Hamming distance 10 in the last 90 days,
    /// or the same place within 24 hours. They are flagged for the reviewer, never refused.
    /// </summary>
    public static IReadOnlyList<NearDuplicate> Find(ReportFingerprint report, IEnumerable<ReportFingerprint> unitReports)
    {
        var found = new List<NearDuplicate>();
        foreach (var other in unitReports.Where(o => o.Id != report.Id))
        {
            var apart = (report.SubmittedAt - other.SubmittedAt).Duration();
            if (report.Hash is { } a && other.Hash is { } b && apart <= PhotoWindow && PhotoHash.Distance(a, b) is var d && d <= PhotoHash.NearDistance)
            {
                found.Add(new NearDuplicate(other.Id, NearDuplicate.Photo, d));
            }
            else if (apart <= PlaceWindow && SamePlace(report.Place, other.Place))
            {
                found.Add(new NearDuplicate(other.Id, NearDuplicate.Place));
            }
        }

        return found;
    }

    public static bool SamePlace(string a, string b) => Normal(a) == Normal(b);

    private static string Normal(string place) => string.Concat(place.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c))).ToUpperInvariant();
}
