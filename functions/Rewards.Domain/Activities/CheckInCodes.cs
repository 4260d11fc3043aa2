using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rewards.Domain.Activities;

/// <summary>
/// The code a venue screen shows: HMAC-SHA256 under the program's check-in key of the activity id and the
/// 30-second step, truncated to six digits as HOTP does (RFC 4226, section 5.3). A code is accepted during its
/// own step and the next, so a photo of the screen sent to someone elsewhere stops working within a minute.
/// </summary>
public static class CheckInCodes
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    public static long StepOf(DateTimeOffset now) => Math.DivRem(now.ToUnixTimeSeconds(), StepSeconds, out var rest) - (rest < 0 ? 1 : 0);

    /// <summary>When the step that contains <paramref name="now"/> ends.</summary>
    public static DateTimeOffset StepEnds(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds((StepOf(now) + 1) * StepSeconds).ToOffset(now.Offset);

    public static string Code(ReadOnlySpan<byte> key, string activityId, long step)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{activityId}|{step.ToString(CultureInfo.InvariantCulture)}"), mac);
        var offset = mac[^1] & 0x0f;
        var binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="code"/> is the code of this activity's current or previous step, compared in constant time.</summary>
    public static bool Accepts(ReadOnlySpan<byte> key, string activityId, string? code, DateTimeOffset now)
    {
        if (code is not { Length: Digits } || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var given = Encoding.ASCII.GetBytes(code);
        var step = StepOf(now);
        var current = CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Code(key, activityId, step)));
        var previous = CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Code(key, activityId, step - 1)));
        return current | previous;
    }
}
