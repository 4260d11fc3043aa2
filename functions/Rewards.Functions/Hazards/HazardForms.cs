using Microsoft.AspNetCore.Http;
using Rewards.Functions.Http;

namespace Rewards.Functions.Hazards;

/// <summary>The multipart forms of hazard reports: read within the photo limit, fields checked for presence here, content in the use case.</summary>
internal static class HazardForms
{
    public static async Task<Bound<HazardForm>> ReportAsync(HttpRequest req, CancellationToken ct)
    {
        var body = await MultipartBody.ReadAsync(req, Photos.MaxBodyBytes, ct);
        if (body.Problem is not null)
        {
            return new(null, body.Problem);
        }

        var parts = body.Value!;
        var errors = new Dictionary<string, string[]>();
        var photo = Photo(parts, errors);
        var category = Field(parts, "category", errors);
        var place = Field(parts, "place", errors);
        var description = parts.GetValueOrDefault("description")?.Text.Trim() ?? "";
        return errors.Count > 0 ? new(null, RequestBody.Invalid(errors)) : new(new HazardForm(photo!, category!, place!, description), null);
    }

    /// <summary>The after-photo of a rectification and the note that goes with it.</summary>
    public static async Task<Bound<RectificationForm>> RectificationAsync(HttpRequest req, CancellationToken ct)
    {
        var body = await MultipartBody.ReadAsync(req, Photos.MaxBodyBytes, ct);
        if (body.Problem is not null)
        {
            return new(null, body.Problem);
        }

        var errors = new Dictionary<string, string[]>();
        var photo = Photo(body.Value!, errors);
        var note = Field(body.Value!, "note", errors);
        if (note?.Length > 500)
        {
            errors["note"] = ["may be up to 500 characters"];
        }

        return errors.Count > 0 ? new(null, RequestBody.Invalid(errors)) : new(new RectificationForm(photo!, note!), null);
    }

    private static byte[]? Photo(IReadOnlyDictionary<string, FormPart> parts, Dictionary<string, string[]> errors)
    {
        if (parts.GetValueOrDefault("photo") is { FileName: not null, Data.Length: > 0 } photo)
        {
            return photo.Data;
        }

        errors["photo"] = ["is required: one image file"];
        return null;
    }

    private static string? Field(IReadOnlyDictionary<string, FormPart> parts, string name, Dictionary<string, string[]> errors)
    {
        if (parts.GetValueOrDefault(name) is { FileName: null } part && part.Text.Trim() is { Length: > 0 } text)
        {
            return text;
        }

        errors[name] = ["is required"];
        return null;
    }
}
