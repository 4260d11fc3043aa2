using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace Rewards.Functions.Reports;

/// <summary>A report: its columns and its rows, produced page by page from storage, never all at once.</summary>
internal sealed record Report(string Name, IReadOnlyList<string> Columns, IAsyncEnumerable<IReadOnlyList<object?[]>> Pages);

/// <summary>
/// The JSON shape <see cref="ReportResult"/> writes by hand, named here for the OpenAPI document: each item has one
/// member per column.
/// </summary>
internal sealed record ReportJson(string Report, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> Items);

/// <summary>
/// Writes a report to the response as it is read, one storage page at a time, flushing after each: memory
/// stays flat whatever the size. CSV is UTF-8 with a BOM (Excel in a Chinese locale needs it), made with
/// CsvHelper; JSON is {"report","columns","items":[…]}.
/// </summary>
internal sealed class ReportResult(Report report, bool csv) : IActionResult
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var ct = context.HttpContext.RequestAborted;
        response.StatusCode = 200;
        response.Headers.CacheControl = "no-store";
        if (csv)
        {
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{report.Name}.csv\"";
            await WriteCsvAsync(response.Body, ct);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await WriteJsonAsync(response.Body, ct);
        }
    }

    private async Task WriteCsvAsync(Stream body, CancellationToken ct)
    {
        await body.WriteAsync(Bom, ct);
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using var csvWriter = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None }, leaveOpen: true);
        foreach (var column in report.Columns)
        {
            csvWriter.WriteField(column);
        }

        await csvWriter.NextRecordAsync();
        await foreach (var page in report.Pages.WithCancellation(ct))
        {
            foreach (var row in page)
            {
                foreach (var cell in row)
                {
                    csvWriter.WriteField(Cell(cell));
                }

                await csvWriter.NextRecordAsync();
            }

            await csvWriter.FlushAsync();
            await writer.FlushAsync(ct);
        }
    }

    private async Task WriteJsonAsync(Stream body, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("report", report.Name);
        json.WriteStartArray("columns");
        report.Columns.ToList().ForEach(json.WriteStringValue);
        json.WriteEndArray();
        json.WriteStartArray("items");
        await foreach (var page in report.Pages.WithCancellation(ct))
        {
            foreach (var row in page)
            {
                json.WriteStartObject();
                for (var i = 0; i < report.Columns.Count; i++)
                {
                    json.WritePropertyName(report.Columns[i]);
                    WriteValue(json, row[i]);
                }

                json.WriteEndObject();
            }

            await json.FlushAsync(ct);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct); // before disposal, which would flush synchronously (refused by Kestrel)
    }

    // By hand rather than JsonSerializer, which flushes the writer synchronously (refused by Kestrel).
    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case long n: json.WriteNumberValue(n); break;
            case int n: json.WriteNumberValue(n); break;
            case double d: json.WriteNumberValue(d); break;
            case string text: json.WriteStringValue(text); break;
            default: json.WriteStringValue(Cell(value)); break;
        }
    }

    /// <summary>
    /// Text that a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first) gets a leading
    /// apostrophe. Numbers and times are written as values: they are ours, not user text, and -5 must stay a number.
    /// </summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string s when s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' => "'" + s,
        string s => s,
        DateTimeOffset at => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
