using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Portal.Web.Extensions;

/// <summary>
/// Checks the data annotations of <see cref="PortalOptions"/> and of every nested section, which
/// ValidateDataAnnotations alone never visits. Each failure names its configuration key
/// (Portal:Section:Key) so a bad setting stops start-up with a message that says what to fix.
/// </summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var failures = new List<string>();
        Walk(options, PortalOptions.Section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Walk(object instance, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                failures.Add($"{prefix}:{member}: {result.ErrorMessage}");

        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Nested sections are the options' own classes; strings, lists and values are leaves.
            if (!property.PropertyType.IsClass || property.PropertyType.DeclaringType != typeof(PortalOptions)) continue;
            if (property.GetValue(instance) is { } nested) Walk(nested, $"{prefix}:{property.Name}", failures);
        }
    }
}
