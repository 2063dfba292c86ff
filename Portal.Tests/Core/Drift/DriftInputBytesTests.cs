using System.Text;
using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Predictions;
using Portal.Core.Training;

namespace Portal.Tests.Core.Drift;

/// <summary>
/// The byte parser (<see cref="DriftInputParser"/> over <see cref="PredictionInputs"/>) gives exactly the columns the
/// string parse gave (<see cref="ReferenceDriftInputParser"/>), row by row, on inputs a client or the log can hold.
/// </summary>
public sealed class DriftInputBytesTests
{
    private static readonly FeatureSchema Schema = new([
        new FeatureSpec("Age", ColumnType.Numeric),
        new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent"]),
        new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
        new FeatureSpec("Income", ColumnType.Numeric),
        new FeatureSpec("Città", ColumnType.Categorical, ["a", "b"]),
    ]);

    private static readonly string[] EdgeCases =
    [
        """{"Age":30,"Home":"rent","Records":"YES","Income":1200.5,"Città":"a"}""",
        """{"Records":false,"Home":"owner","Age":41.5}""",
        "null",
        "",
        "not json",
        "[1,2]",
        "\"text\"",
        "{}",
        """{"Age":null,"Home":null,"Records":null,"Income":null}""",
        """{"Income":7}""",
        """{"Age":{"a":1},"Home":[1,2],"Records":{"x":[]},"Income":[3]}""",
        """{"Age":true,"Income":false,"Home":true,"Records":true}""",
        """{"Age":"52","Income":" 12 ","Home":3,"Records":1.5e2}""",
        """{"Age":"abc","Income":"1e3","Home":-0.0,"Records":"No"}""",
        """{"Age":"NaN","Income":"Infinity","Home":1e400,"Records":"yes"}""",
        """{"Age":1e400,"Income":-1e-400,"Home":12345678901234567890}""",
        """{"A\u0067e":5,"H\u006fme":"r\u0065nt","Records":"y\u0065s","Citt\u00e0":"\u0062"}""",
        """{"Home":"caf\u00e9 \"quoted\" \\ /","Città":"ß→✓","Records":"\ud83d\ude00"}""",
        """{"Age":1,"Age":2,"Home":"owner","Home":"rent"}""",
        """{"Age":3,"Home":"owner","Records":"yes","Income":""",
        """{"Age":4,"Home":"rent"} trailing""",
        """{"Age":5,"Home":"rent",}""",
        """ { "Income" : 9 , "Age" : 8 } """,
        """{"age":1,"HOME":"rent","Extra":{"Age":99}}""",
        """{"Age":"\u0035\u0032","Home":"\u00e9","Income":"0x10"}""",
        """{"Records":"NO","Home":"","Città":""}""",
    ];

    [Fact]
    public void Parse_EdgeCases_EqualsTheStringParse()
    {
        AssertSame(EdgeCases, PredictionInputs.Of(EdgeCases));
    }

    [Fact]
    public void Parse_InvalidUtf8_EqualsTheStringParseOfItsDecodedText()
    {
        byte[][] rows =
        [
            [.. "{\"Home\":\""u8, 0xC3, 0x28, .. "\",\"Age\":3}"u8],
            [.. "{\"Age\":4,\"Hom"u8, 0xFF, .. "e\":\"rent\"}"u8],
            [.. "{\"Records\":\"y"u8, 0xED, 0xA0, 0x80, .. "\"}"u8],
        ];
        var inputs = new PredictionInputs();
        foreach (var row in rows) inputs.Add(row);

        AssertSame(rows.Select(r => Encoding.UTF8.GetString(r)).ToList(), inputs);
    }

    [Fact]
    public void Parse_MoreDistinctCategoriesThanCached_EqualsTheStringParse()
    {
        // Past the per-chunk cache's bound, values are decoded one by one; across chunks and threads alike.
        var rows = Enumerable.Range(0, 20_000)
            .Select(i => $$"""{"Home":"h{{i % 1500}}","Città":"{{(i % 3 == 0 ? "a" : "b")}}","Records":"{{(i % 2 == 0 ? "YES" : "no")}}","Age":{{i}}}""")
            .ToList();

        AssertSame(rows, PredictionInputs.Of(rows));
    }

    [Fact]
    public void Parse_FeaturesInAnotherOrderEachRow_EqualsTheStringParse()
    {
        var random = new Random(11);
        string[] parts = ["\"Age\":1", "\"Home\":\"rent\"", "\"Records\":true", "\"Income\":\"7\"", "\"Città\":\"b\"", "\"Other\":[1,{\"Age\":2}]"];
        var rows = Enumerable.Range(0, 3000).Select(_ => "{" + string.Join(',', parts.OrderBy(_ => random.Next()).Take(1 + random.Next(parts.Length))) + "}").ToList();

        AssertSame(rows, PredictionInputs.Of(rows));
    }

    private static void AssertSame(IReadOnlyList<string> text, PredictionInputs bytes)
    {
        var expected = ReferenceDriftInputParser.Parse(text, Schema);
        var actual = DriftInputParser.Parse(bytes, Schema);

        Assert.Equal(expected.Rows, actual.Rows);
        for (var f = 0; f < Schema.Features.Count; f++)
        {
            if (expected.Numeric[f] is { } numbers)
                Assert.Equal(numbers.Select(BitConverter.DoubleToInt64Bits), actual.Numeric[f]!.Select(BitConverter.DoubleToInt64Bits));
            else Assert.Null(actual.Numeric[f]);
            if (expected.Categorical[f] is { } categories) Assert.Equal(categories, actual.Categorical[f]!);
            else Assert.Null(actual.Categorical[f]);
        }
    }
}
