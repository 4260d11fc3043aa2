using System.Buffers.Text;
using System.Text;

namespace Rewards.Functions.Storage;

/// <summary>Continuation tokens handed out as opaque, URL-safe cursors.</summary>
internal static class Cursor
{
    public static string? Encode(string? continuation) =>
        continuation is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuation));

    /// <summary>The continuation token, or null for the first page; false when the cursor is not one of ours.</summary>
    public static bool TryDecode(string? cursor, out string? continuation)
    {
        continuation = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            continuation = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
