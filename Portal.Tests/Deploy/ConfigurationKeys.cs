using System.Collections;
using System.Reflection;
using Portal.Web.Extensions;

namespace Portal.Tests.Deploy;

/// <summary>
/// Every configuration key Portal reads, derived from its options types (each class with a <c>Section</c> constant under
/// Portal), so a deployment file naming a key that does not exist (a typo, a renamed option) fails a test.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Keys read outside the options types.</summary>
    private static readonly string[] Others = ["ConnectionStrings:Portal"];

    /// <summary>Keys whose value is a list: item keys end in ":0", ":1", ...</summary>
    private static readonly HashSet<string> Lists = new(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlySet<string> All { get; } = Build();

    /// <summary>True when <paramref name="key"/> (':' separated, any case, as configuration reads it) is a key Portal binds.</summary>
    public static bool IsKnown(string key)
    {
        if (All.Contains(key)) return true;
        var last = key.LastIndexOf(':');
        return last > 0 && int.TryParse(key.AsSpan(last + 1), out _) && Lists.Contains(key[..last]);
    }

    /// <summary>The key an environment variable sets ("Portal__Database__Provider" is "Portal:Database:Provider").</summary>
    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static HashSet<string> Build()
    {
        var keys = new HashSet<string>(Others, StringComparer.OrdinalIgnoreCase);
        var sections = typeof(PortalOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(s => s.Section is not null && s.Section.StartsWith("Portal", StringComparison.Ordinal) && !s.Type.IsAbstract);
        foreach (var (type, section) in sections) Walk(type, section!, keys);
        return keys;
    }

    private static void Walk(Type type, string prefix, HashSet<string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || !IsLeaf(p.PropertyType)))
        {
            var key = $"{prefix}:{property.Name}";
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsLeaf(t))
            {
                keys.Add(key);
            }
            else if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t))
            {
                keys.Add(key);
                Lists.Add(key);
            }
            else if (t.IsClass)
            {
                Walk(t, key, keys);
            }
        }
    }

    private static bool IsLeaf(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan);
    }
}
