using System.Reflection;
using Portal.Core.Common;

namespace Portal.Web.Api.Limits;

/// <summary>
/// Answers 400 naming each over-long field (errors.reason: "must be at most 10000 characters") before the handler stores
/// anything. Attached as a filter factory, so only endpoints with an <see cref="ILimitedText"/> body pay for it.
/// </summary>
public static class TextLimitsFilter
{
    public static TBuilder WithTextLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var positions = context.MethodInfo.GetParameters()
                .Where(p => typeof(ILimitedText).IsAssignableFrom(p.ParameterType))
                .Select(p => p.Position)
                .ToArray();
            if (positions.Length == 0) return next;
            return async invocation =>
            {
                Dictionary<string, string[]>? errors = null;
                foreach (var position in positions)
                {
                    if (invocation.Arguments[position] is not ILimitedText body) continue;
                    Check(body, ref errors);
                }

                return errors is null ? await next(invocation) : Problem(errors);
            };
        });

    /// <summary>Adds an error for each field of <paramref name="body"/> over its limit.</summary>
    public static void Check(ILimitedText body, ref Dictionary<string, string[]>? errors)
    {
        foreach (var (field, value, max) in body.TextFields())
            Check(field, value, max, ref errors);
    }

    /// <summary>For form fields and other values that are not a JSON body: the same rule and wording.</summary>
    public static void Check(string field, string? value, int max, ref Dictionary<string, string[]>? errors)
    {
        if (TextLimits.Check(value, max) is not { } problem) return;
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors[field] = [problem];
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(Dictionary<string, string[]> errors) =>
        ApiProblems.Invalid("Text too long: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) + ".", errors);
}
