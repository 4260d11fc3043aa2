using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Newtonsoft.Json.Linq;

namespace Rewards.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document, built with Microsoft.OpenApi from the [Function] methods of this assembly (every HTTP
/// trigger, its methods, route and route parameters) and from <see cref="ApiContracts"/> (request and response
/// records, turned into JSON Schema by reflection, camelCase, with nullable reference types as "null").
/// </summary>
internal sealed class OpenApiBuilder
{
    // NullabilityInfoContext caches without locks: one per build, never shared by concurrent requests.
    private readonly NullabilityInfoContext _nullability = new();
    private readonly OpenApiDocument _doc = new()
    {
        Info = new OpenApiInfo { Title = "Ankang Rewards API", Version = "1.0", Description = "安康杯 safety points: workers, admins and partners. Errors are application/problem+json with a stable code." },
        Paths = [],
        Components = new OpenApiComponents { Schemas = new Dictionary<string, IOpenApiSchema>(), SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>() },
    };

    public static async Task<string> JsonAsync(CancellationToken ct) => await new OpenApiBuilder().Build().SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);

    public OpenApiDocument Build()
    {
        Scheme("workerToken", "A worker token from the worker's link: Bearer wt_…");
        Scheme("adminKey", "An admin key from Rewards:AdminKeys: Bearer ak_…");
        Scheme("partnerKey", "A partner's API key: Bearer pk_{partnerId}.…");
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
        var security = Security(route);
        var problems = (contract?.Problems ?? []).Concat(security is null ? [] : ["missing-credentials", "invalid-token", "forbidden"]).Append("internal-error").Distinct().ToList();
        var operation = new OpenApiOperation
        {
            OperationId = name,
            Tags = new HashSet<OpenApiTagReference> { new(route.Split('/').Skip(page ? 0 : 1).FirstOrDefault() ?? "api", _doc) },
            Parameters = [.. route.Split('/').Where(s => s.StartsWith('{')).Select(s => (IOpenApiParameter)new OpenApiParameter { Name = s.Trim('{', '}').Split(':')[0], In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } })],
            Responses = new OpenApiResponses
            {
                [contract?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "2XX"] = new OpenApiResponse
                {
                    Description = "Success",
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        [page ? "text/html" : contract?.Response == typeof(string) ? "text/csv" : "application/json"] = new OpenApiMediaType { Schema = page || contract?.Response == typeof(string) ? new OpenApiSchema { Type = JsonSchemaType.String } : contract?.Response is { } response ? Schema(response) : new OpenApiSchema { Type = JsonSchemaType.Object } },
                    },
                },
                ["default"] = new OpenApiResponse
                {
                    Description = "A problem; code is one of: " + string.Join(", ", problems),
                    Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("Problem", _doc) } },
                },
            },
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-problem-codes"] = new JsonNodeExtension(new JsonArray([.. problems.Select(p => (JsonNode)JsonValue.Create(p))])) },
        };
        if (contract?.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = Schema(request) } } };
        }

        if (security is not null)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(security, _doc)] = [] }];
        }

        return operation;
    }

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

    private IOpenApiSchema Schema(Type type, bool nullable = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        nullable |= underlying is not null;
        type = underlying ?? type;
        var schema = type switch
        {
            _ when type == typeof(string) => new OpenApiSchema { Type = JsonSchemaType.String },
            _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = type == typeof(long) ? "int64" : "int32" },
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => new OpenApiSchema { Type = JsonSchemaType.Number },
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            _ when type == typeof(object) || typeof(JToken).IsAssignableFrom(type) => new OpenApiSchema(),
            _ when Dictionary(type) is { } value => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Schema(value) },
            _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) => new OpenApiSchema { Type = JsonSchemaType.Array, Items = Schema(type.IsArray ? type.GetElementType()! : type.GetGenericArguments().Last()) },
            _ => null,
        };
        if (schema is null)
        {
            Component(type);
            return nullable ? new OpenApiSchema { AnyOf = [new OpenApiSchemaReference(type.Name, _doc), new OpenApiSchema { Type = JsonSchemaType.Null }] } : new OpenApiSchemaReference(type.Name, _doc);
        }

        if (nullable && schema.Type is { } t)
        {
            schema.Type = t | JsonSchemaType.Null;
        }

        return schema;
    }

    /// <summary>A record or request class as a component: its public properties, camelCase; required are those that cannot be null.</summary>
    private void Component(Type type)
    {
        if (_doc.Components!.Schemas!.ContainsKey(type.Name))
        {
            return;
        }

        var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
        _doc.Components.Schemas[type.Name] = schema;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var nullable = _nullability.Create(property).ReadState == NullabilityState.Nullable;
            schema.Properties[name] = Schema(property.PropertyType, nullable);
            if (!nullable || property.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null)
            {
                schema.Required.Add(name);
            }
        }
    }

    private static Type? Dictionary(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))?.GetGenericArguments()[1];
}
