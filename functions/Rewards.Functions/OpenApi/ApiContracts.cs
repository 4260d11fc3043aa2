using Microsoft.OpenApi;

namespace Rewards.Functions.OpenApi;

/// <summary>
/// What one HTTP function takes and answers: its request record, its success status and record, and its problem codes.
/// A null <see cref="Response"/> is an answer without a body (204).
/// </summary>
internal sealed record ApiContract(Type? Request, int Status, Type? Response, params string[] Problems)
{
    /// <summary>The query-string parameters the function reads.</summary>
    public IReadOnlyList<ApiQuery> Query { get; init; } = [];

    /// <summary>Whether the function requires an Idempotency-Key header (it moves points or stock, or files a report).</summary>
    public bool Idempotent { get; init; }

    /// <summary>The request's media types; a text/* one carries a string, the others <see cref="Request"/>.</summary>
    public IReadOnlyList<string> Consumes { get; init; } = ["application/json"];

    /// <summary>The success answer's media types; a text/* or image/* one carries a string, application/json <see cref="Response"/>.</summary>
    public IReadOnlyList<string> Produces { get; init; } = ["application/json"];

    /// <summary>Other success answers: the same route answering another status, or another body at the same status.</summary>
    public IReadOnlyList<(int Status, Type Response)> Also { get; init; } = [];

    /// <summary>The credentials, when the route's prefix does not say it: each is enough alone; "" means none.</summary>
    public IReadOnlyList<string>? Security { get; init; }
}

/// <summary>A query-string parameter: its name, what it does and its JSON type.</summary>
internal sealed record ApiQuery(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String)
{
    public IReadOnlyList<string> Values { get; init; } = [];

    public int? Maximum { get; init; }

    public string? Format { get; init; }

    public string? Default { get; init; }
}

/// <summary>
/// The contract of every API function, by function name, one list per area. The routes come from the [Function]
/// methods themselves; a guard test requires a contract for every one under api/.
/// </summary>
internal static partial class ApiContracts
{
    private const string Invalid = "validation-failed";
    private const string Malformed = "malformed-json";
    private const string TooLarge = "payload-too-large";
    private const string Media = "unsupported-media-type";
    private const string BadCursor = "invalid-cursor";
    private const string Exists = "already-exists";
    private const string Busy = "contention";

    /// <summary>What a JSON body can be refused for before anything is decided.</summary>
    private static readonly string[] Body = [Invalid, Malformed, TooLarge, Media];

    /// <summary>The same for a body that may be empty (any content type is read as JSON).</summary>
    private static readonly string[] OptionalBody = [Invalid, Malformed, TooLarge];

    // Lazy: the areas' static fields live in other files of this partial class, initialised in no promised order.
    private static readonly Lazy<IReadOnlyDictionary<string, ApiContract>> All =
        new(() => new[] { Worker, Admin, Operations, Partner, Public }.SelectMany(area => area).ToDictionary(c => c.Key, c => c.Value));

    public static IReadOnlyDictionary<string, ApiContract> ByFunction => All.Value;

    private static IEnumerable<KeyValuePair<string, ApiContract>> Public =>
    [
        new("Health", new(null, 200, typeof(Admin.HealthStatus))),
        new("OpenApiDocument", new(null, 200, typeof(object))),
    ];

    private static string[] With(this string[] codes, params string[] more) => [.. codes, .. more];

    /// <summary>?cursor= and ?limit=, as <see cref="Http.Query.Page"/> reads them.</summary>
    private static ApiQuery[] Paged(int defaultLimit = 20, int maxLimit = 100) =>
    [
        new("cursor", "The nextCursor of the previous page; absent for the first page."),
        new("limit", $"Items per page, 1 to {maxLimit}.", JsonSchemaType.Integer) { Maximum = maxLimit, Default = $"{defaultLimit}" },
    ];

    private static ApiQuery OneOf(string name, string description, params string[] values) => new(name, description) { Values = values };

    private static ApiQuery Day(string name, string description) => new(name, description) { Format = "date" };
}
