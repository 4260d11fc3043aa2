using System.Collections;
using System.Reflection;
using Microsoft.OpenApi;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Rewards.Functions.OpenApi;

/// <summary>
/// JSON Schema of the records the API reads and writes, by reflection, as <see cref="Json.Settings"/> writes them:
/// camelCase, nulls left out (so a nullable property is not required), ISO 8601 times, enums as numbers. Records
/// become components of the document, referenced by name.
/// </summary>
internal sealed class OpenApiSchemas(OpenApiDocument doc)
{
    // NullabilityInfoContext caches without locks: one per build, never shared by concurrent requests.
    private readonly NullabilityInfoContext _nullability = new();

    public IOpenApiSchema For(Type type, bool nullable = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        nullable |= underlying is not null;
        type = underlying ?? type;
        var schema = Simple(type);
        if (schema is null)
        {
            Component(type);
            return nullable ? new OpenApiSchema { AnyOf = [new OpenApiSchemaReference(type.Name, doc), new OpenApiSchema { Type = JsonSchemaType.Null }] } : new OpenApiSchemaReference(type.Name, doc);
        }

        if (nullable && schema.Type is { } t)
        {
            schema.Type = t | JsonSchemaType.Null;
        }

        return schema;
    }

    /// <summary>A file part of a form (multipart/form-data) or a binary answer.</summary>
    public static OpenApiSchema Binary(string mediaType) => new() { Type = JsonSchemaType.String, ContentMediaType = mediaType };

    private OpenApiSchema? Simple(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(Guid) || type == typeof(TimeSpan) => new OpenApiSchema { Type = JsonSchemaType.String },
        _ when type == typeof(byte[]) => Binary("application/octet-stream"),
        _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = type == typeof(long) ? "int64" : "int32" },
        _ when type.IsEnum => new OpenApiSchema { Type = JsonSchemaType.Integer },
        _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => new OpenApiSchema { Type = JsonSchemaType.Number },
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        _ when type == typeof(DateOnly) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
        _ when type == typeof(object) || typeof(JToken).IsAssignableFrom(type) => new OpenApiSchema(),
        _ when Dictionary(type) is { } value => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = For(value) },
        _ when typeof(IEnumerable).IsAssignableFrom(type) => new OpenApiSchema { Type = JsonSchemaType.Array, Items = For(type.IsArray ? type.GetElementType()! : type.GetGenericArguments().Last()) },
        _ => null,
    };

    /// <summary>
/// A record or request class as a component: its public properties, camelCase; required are those that cannot be null
/// and have no [DefaultValue], and those marked [Required]. A byte[] is a file part of a form.
/// </summary>
    private void Component(Type type)
    {
        if (doc.Components!.Schemas!.ContainsKey(type.Name))
        {
            return;
        }

        var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
        doc.Components.Schemas[type.Name] = schema;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
        {
            var name = property.GetCustomAttribute<JsonPropertyAttribute>()?.PropertyName ?? char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var nullable = _nullability.Create(property).ReadState == NullabilityState.Nullable;
            schema.Properties[name] = For(property.PropertyType, nullable);
            if ((!nullable && property.GetCustomAttribute<System.ComponentModel.DefaultValueAttribute>() is null) || property.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null)
            {
                schema.Required.Add(name);
            }
        }
    }

    private static Type? Dictionary(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))?.GetGenericArguments()[1];
}
