using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Rewards.Functions.Http;

namespace Rewards.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document, built with Microsoft.OpenApi from the [Function] methods of this assembly (every HTTP
/// trigger, its methods, route and route parameters) and from <see cref="ApiContracts"/> (query parameters, headers,
/// request and response records, turned into JSON Schema by <see cref="OpenApiSchemas"/>, and problem codes).
/// </summary>
internal sealed class OpenApiBuilder
{
    private readonly OpenApiDocument _doc = new()
    {
        Info = new OpenApiInfo { Title = "Ankang Rewards API", Version = "1.0", Description = "安康杯 safety points: workers, admins and partners. Errors are application/problem+json with a stable code." },
        Paths = [],
        Components = new OpenApiComponents { Schemas = new Dictionary<string, IOpenApiSchema>(), SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>() },
    };

    private readonly OpenApiSchemas _schemas;

    public OpenApiBuilder() => _schemas = new OpenApiSchemas(_doc);

    public static async Task<string> JsonAsync(CancellationToken ct) => await new OpenApiBuilder().Build().SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);

    public OpenApiDocument Build()
    {
        Scheme("workerToken", "A worker token from the worker's link: Bearer wt_…");
        Scheme("adminKey", "An admin key from Rewards:AdminKeys: Bearer ak_…");
        Scheme("partnerKey", "A partner's API key: Bearer pk_{partnerId}.…");
        Scheme("screenLink", "A venue screen's link token, for one activity's check-in code: Bearer st_…");
        _doc.Components!.Schemas!["Problem"] = Problem();
        foreach (var (name, route, methods) in HttpFunctions())
        {
            var path = "/" + route;
            if (!_doc.Paths.TryGetValue(path, out var item))
            {
                _doc.Paths[path] = item = new OpenApiPathItem();
            }

            foreach (var method in methods)
            {
                ((OpenApiPathItem)item).AddOperation(new HttpMethod(method), Operation(name, route));
            }
        }

        return _doc;
    }

    /// <summary>Every HTTP trigger of this assembly: function name, route and methods.</summary>
    public static IEnumerable<(string Name, string Route, IReadOnlyList<string> Methods)> HttpFunctions() =>
        from type in typeof(OpenApiBuilder).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
        where trigger is not null
        select (function.Name, trigger.Route ?? function.Name, (IReadOnlyList<string>)(trigger.Methods ?? ["get", "post"]));

    private OpenApiOperation Operation(string name, string route)
    {
        var contract = ApiContracts.ByFunction.GetValueOrDefault(name);
        var page = !route.StartsWith("api/", StringComparison.Ordinal);
        var security = contract?.Security ?? (Security(route) is { } scheme ? [scheme] : []);
        var problems = (contract?.Problems ?? [])
            .Concat(contract?.Idempotent == true ? [ProblemCodes.IdempotencyKeyRequired] : [])
            .Concat(security.Count > 0 && !security.Contains("") ? [ProblemCodes.MissingCredentials, Domain.RefusalCodes.InvalidToken, ProblemCodes.Forbidden] : [])
            .Concat(page ? [] : [ProblemCodes.RateLimited, ProblemCodes.Contention, UnhandledErrors.StorageUnavailable])
            .Append(UnhandledErrors.InternalError).Distinct().ToList();
        var operation = new OpenApiOperation
        {
            OperationId = name,
            Tags = new HashSet<OpenApiTagReference> { new(route.Split('/').Skip(page ? 0 : 1).FirstOrDefault() ?? "api", _doc) },
            Parameters = [.. Parameters(route, contract)],
            Responses = Responses(contract, page, problems),
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-problem-codes"] = new JsonNodeExtension(new JsonArray([.. problems.Select(p => (JsonNode)JsonValue.Create(p))])) },
        };
        if (contract?.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = Content(contract.Consumes, request) };
        }

        if (security.Count > 0)
        {
            operation.Security = [.. security.Select(s => s.Length == 0 ? new OpenApiSecurityRequirement() : new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, _doc)] = [] })];
        }

        return operation;
    }

    /// <summary>The route's path parameters, then the contract's query parameters and headers.</summary>
    private static IEnumerable<IOpenApiParameter> Parameters(string route, ApiContract? contract)
    {
        foreach (var segment in route.Split('/').Where(s => s.StartsWith('{')))
        {
            yield return new OpenApiParameter { Name = segment.Trim('{', '}').Split(':')[0], In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        foreach (var query in contract?.Query ?? [])
        {
            yield return new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Description = query.Description,
                Schema = new OpenApiSchema
                {
                    Type = query.Type,
                    Format = query.Format,
                    Enum = query.Values.Count == 0 ? null : [.. query.Values.Select(v => (JsonNode)JsonValue.Create(v))],
                    Minimum = query.Maximum is null ? null : "1",
                    Maximum = query.Maximum?.ToString(CultureInfo.InvariantCulture),
                    Default = query.Default is null ? null : query.Type == JsonSchemaType.Integer ? JsonValue.Create(int.Parse(query.Default, CultureInfo.InvariantCulture)) : JsonValue.Create(query.Default),
                },
            };
        }

        if (contract?.Idempotent == true)
        {
            yield return new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = true,
                Description = "Names this request: a repeat with the same key gets the first answer and changes nothing again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = IdempotencyKey.PatternText },
            };
        }
    }

    private OpenApiResponses Responses(ApiContract? contract, bool page, IReadOnlyList<string> problems)
    {
        var responses = new OpenApiResponses();
        var answers = contract is null ? [] : new[] { (contract.Status, contract.Response) }.Concat(contract.Also.Select(a => (a.Status, (Type?)a.Response)));
        foreach (var answer in answers.GroupBy(a => a.Status))
        {
            var types = answer.Select(a => a.Item2).OfType<Type>().Distinct().ToList();
            responses[answer.Key.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = answer.Key == 204 ? "Done; no body" : "Success",
                Content = types.Count == 0 ? null : Content(contract!.Produces, [.. types]),
            };
        }

        if (contract is null)
        {
            responses["2XX"] = new OpenApiResponse
            {
                Description = "Success",
                Content = new Dictionary<string, IOpenApiMediaType> { [page ? "text/html" : "application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = page ? JsonSchemaType.String : JsonSchemaType.Object } } },
            };
        }

        responses["default"] = new OpenApiResponse
        {
            Description = "A problem; code is one of: " + string.Join(", ", problems),
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("Problem", _doc) } },
        };
        return responses;
    }

    /// <summary>A body in each of its media types: JSON and forms by the record, text as a string, an image as binary.</summary>
    private Dictionary<string, IOpenApiMediaType> Content(IReadOnlyList<string> mediaTypes, params Type[] types) =>
        mediaTypes.ToDictionary(m => m, m => (IOpenApiMediaType)new OpenApiMediaType
        {
            Schema = m switch
            {
                _ when m.StartsWith("text/", StringComparison.Ordinal) => new OpenApiSchema { Type = JsonSchemaType.String },
                _ when m.StartsWith("image/", StringComparison.Ordinal) => OpenApiSchemas.Binary(m),
                _ when types.Length == 1 => _schemas.For(types[0]),
                _ => new OpenApiSchema { AnyOf = [.. types.Select(t => _schemas.For(t))] },
            },
        });

    /// <summary>Which credential a route takes; null for public routes (health, pages, shared links, this document).</summary>
    private static string? Security(string route) => route switch
    {
        _ when route.StartsWith("api/admin/", StringComparison.Ordinal) || route == "api/admin" => "adminKey",
        _ when route.StartsWith("api/partner/", StringComparison.Ordinal) => "partnerKey",
        "api/health" or "api/openapi.json" or "api/shares/{code}" or "api/shares/{code}/opens" => null,
        _ when route.StartsWith("api/", StringComparison.Ordinal) => "workerToken",
        _ => null,
    };

    private void Scheme(string name, string description) =>
        _doc.Components!.SecuritySchemes![name] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = description };

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "status", "title", "code" },
        Description = "RFC 9457; a problem may carry extension members, such as traceId or the order's currentStatus.",
        AdditionalProperties = new OpenApiSchema(),
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable machine code, such as invalid-transition." },
            ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Per field, what is wrong (validation-failed)." },
        },
    };
}
