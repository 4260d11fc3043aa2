namespace Rewards.Functions.Storage;

/// <summary>Ids of workers, units and content: letters, digits, '-', '_' and '.', never the characters keys forbid.</summary>
internal static class Ids
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";
    public const string Message = "must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && System.Text.RegularExpressions.Regex.IsMatch(id, Pattern);
}
