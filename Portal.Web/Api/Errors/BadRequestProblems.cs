using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Api.Errors;

/// <summary>
/// Turns the framework's BadHttpRequestException (a body that is not JSON or has a wrong type, a query
/// value that does not parse, Kestrel's own limits) into a ProblemDetails whose <c>errors</c> names the
/// field and the problem. The framework's own message names a C# parameter, which a client cannot act on.
/// </summary>
public static partial class BadRequestProblems
{
    /// <param name="bodyLimit">The request's body size limit in bytes, named in a 413's message.</param>
    public static ProblemDetails From(BadHttpRequestException error, long? bodyLimit = null)
    {
        var (field, message) = Describe(error, bodyLimit);
        var status = error.StatusCode;
        var title = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "The request is not valid",
        };
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
            Detail = field == "body" ? $"The request body {message}." : $"'{field}' {message}.",
        };
    }

    private static (string Field, string Message) Describe(BadHttpRequestException error, long? bodyLimit)
    {
        if (error is MalformedBodyException malformed) return ("body", malformed.Problem);
        if (error.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", bodyLimit is { } limit
            ? $"is larger than this server accepts: at most {limit} bytes (Kestrel:Limits:MaxRequestBodySize)"
            : "is larger than this server accepts");
        if (error.InnerException is JsonException json) return DescribeJson(json);
        if (error.InnerException is DecoderFallbackException or ArgumentException && error.InnerException.Message.Contains("UTF", StringComparison.OrdinalIgnoreCase))
            return ("body", "is not valid UTF-8");

        var parameter = ParameterPattern().Match(error.Message);
        var name = parameter.Success ? parameter.Groups["name"].Value : "request";
        var type = parameter.Success ? parameter.Groups["type"].Value.TrimEnd('?') : "";
        if (error.Message.Contains("no body was provided", StringComparison.Ordinal)) return ("body", "is required (a JSON object)");
        if (error.Message.StartsWith("Required parameter", StringComparison.Ordinal))
            return parameter.Groups["source"].Value == "body" || error.Message.EndsWith("from body.", StringComparison.Ordinal)
                ? ("body", "is required (a JSON object)")
                : (name, "is required");
        if (error.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal))
        {
            var value = BoundValuePattern().Match(error.Message);
            return (name, $"{MustBe(type)}{(value.Success ? $" (got '{value.Groups["value"].Value}')" : "")}");
        }

        if (error.StatusCode == StatusCodes.Status415UnsupportedMediaType) return ("body", "must be sent as application/json");
        return ("body", "could not be read");
    }

    private static (string Field, string Message) DescribeJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
        var converted = ConvertedToPattern().Match(json.Message);
        if (converted.Success) return field == "body" ? ("body", "must be a JSON object") : (field, MustBe(MemberType(converted.Groups["type"].Value, field)));
        if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal)) return ("body", "is nested too deeply");
        if (json.Message.Contains("invalid UTF-8", StringComparison.OrdinalIgnoreCase) || json.InnerException is DecoderFallbackException)
            return ("body", "is not valid UTF-8");
        var line = json.LineNumber is { } l ? $" at line {l + 1}, byte {json.BytePositionInLine + 1}" : "";
        return ("body", $"is not valid JSON{line}");
    }

    /// <summary>Records with constructors report their own type, not the field's: look the field up on it.</summary>
    private static string MemberType(string reported, string field)
    {
        var type = Type.GetType(reported) ?? typeof(BadRequestProblems).Assembly.GetType(reported.TrimEnd('.'));
        var property = type?.GetProperty(field.Split('.', '[')[0], System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        return property is null ? reported : (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).FullName ?? reported;
    }

    // Type names come as C# keywords ("int?"), CLR names ("System.Nullable`1[System.Int32]") or generics ("Nullable<int>").
    private static string MustBe(string type)
    {
        bool Has(params string[] names) => names.Any(n => type.Contains(n, StringComparison.Ordinal));
        if (Has("List", "[]", "IEnumerable")) return "must be an array";
        if (Has("Dictionary")) return "must be an object";
        if (Has("Int16", "Int32", "Int64", "Double", "Single", "Decimal", "int", "long", "short", "double", "float", "decimal")) return "must be a number";
        if (Has("Boolean", "bool")) return "must be true or false";
        if (Has("Guid")) return "must be a GUID";
        if (Has("DateTime")) return "must be an ISO 8601 date and time";
        if (Has("String", "string")) return "must be a string";
        return type.Length > 0 ? "has the wrong type" : "is not valid";
    }

    [GeneratedRegex("parameter \"(?<type>[^\"]+?) (?<name>[A-Za-z_][A-Za-z0-9_]*)\"( was not provided from (?<source>\\w+))?")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("from \"(?<value>[^\"]*)\"")]
    private static partial Regex BoundValuePattern();

    [GeneratedRegex("could not be converted to (?<type>[A-Za-z0-9_.+\\[\\]`,= ]+?)\\. Path")]
    private static partial Regex ConvertedToPattern();
}
