namespace Rewards.Bench;

/// <summary>Percentiles of a set of measured durations.</summary>
internal static class Latency
{
    public static double Percentile(IReadOnlyList<double> sortedMilliseconds, double p) =>
        sortedMilliseconds.Count == 0 ? double.NaN : sortedMilliseconds[Math.Clamp((int)Math.Ceiling(p / 100 * sortedMilliseconds.Count) - 1, 0, sortedMilliseconds.Count - 1)];
}
