using Microsoft.Extensions.Options;
using QRCoder;
using Rewards.Domain;
using Rewards.Domain.Activities;
using Rewards.Functions.Identity;

namespace Rewards.Functions.Activities;

/// <summary>
/// The check-in key (configuration Rewards:CheckInCodeKey; a Key Vault secret in Azure) and what is made with it:
/// the current code of an activity and its QR code. Without a usable key there is no check-in, and the endpoints
/// say so (503 check-in-unavailable) rather than accept codes made with no secret.
/// </summary>
internal sealed class CheckInKey(IOptions<IdentityOptions> identity)
{
    public const string Unavailable = "check-in-unavailable";

    /// <summary>What the QR code holds: not a link, so a phone's own camera app opens nothing; the worker page reads it.</summary>
    public static string QrText(string activityId, string code) => $"AKCHECKIN:{activityId}:{code}";

    public Decision<byte[]> Key()
    {
        var text = identity.Value.CheckInCodeKey;
        var key = new byte[text?.Length ?? 0];
        return !string.IsNullOrWhiteSpace(text) && Convert.TryFromBase64String(text.Trim(), key, out var length) && length >= 32
            ? key[..length]
            : new Refusal(Unavailable, "Check-in is not configured: set Rewards:CheckInCodeKey (Base64, at least 32 bytes).");
    }

    public Decision<(string Code, string Qr, DateTimeOffset ValidUntil)> Current(string activityId, DateTimeOffset now) =>
        Key().Then<(string, string, DateTimeOffset)>(key =>
        {
            var code = CheckInCodes.Code(key, activityId, CheckInCodes.StepOf(now));
            using var data = new QRCodeGenerator().CreateQrCode(QrText(activityId, code), QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(10, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
            return (code, svg, CheckInCodes.StepEnds(now));
        });

    public Decision<bool> Accepts(string activityId, string code, DateTimeOffset now) =>
        Key().Then<bool>(key => CheckInCodes.Accepts(key, activityId, code, now));
}
