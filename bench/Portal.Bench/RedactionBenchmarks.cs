using BenchmarkDotNet.Attributes;
using Portal.Core.Predictions;

namespace Portal.Bench;

/// <summary>
/// What the prediction-log writer pays per record to redact personal data: a typical credit-risk row with nothing to
/// redact (the common case: the byte pre-scan alone, expected to allocate nothing), with configured field names, and
/// rows that hold a card number as text, a card number as a JSON number, or an IBAN (the DOM path).
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private const string Row =
        """{"Seniority":9,"Home":"rent","Time":60,"Age":30,"Marital":"married","Records":"no","Job":"freelance","Expenses":73,"Income":129,"Assets":0,"Debt":0,"Amount":800,"Price":846}""";

    private readonly PiiRedactor _patternsOnly = new();
    private readonly PiiRedactor _withFields = new(["Name", "Email"]);
    private PredictionRecord _clean = null!;
    private PredictionRecord _cardText = null!;
    private PredictionRecord _cardNumber = null!;
    private PredictionRecord _iban = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clean = Record(Row);
        _cardText = Record(Row.Replace("\"Home\":\"rent\"", "\"Home\":\"card 4111-1111-1111-1111\"", StringComparison.Ordinal));
        _cardNumber = Record(Row.Replace("\"Amount\":800", "\"Amount\":4111111111111111", StringComparison.Ordinal));
        _iban = Record(Row.Replace("\"Home\":\"rent\"", "\"Home\":\"GB82 WEST 1234 5698 7654 32\"", StringComparison.Ordinal));
    }

    private static PredictionRecord Record(string inputs) =>
        new(Guid.NewGuid(), "credit-risk", 1, "champion", inputs, "good", 0.2, 0.05, DateTimeOffset.UnixEpoch);

    [Benchmark(Baseline = true)]
    public PredictionRecord Clean_PatternsOnly() => _patternsOnly.Redact(_clean);

    [Benchmark]
    public PredictionRecord Clean_WithConfiguredFields() => _withFields.Redact(_clean);

    [Benchmark]
    public PredictionRecord CardAsText() => _patternsOnly.Redact(_cardText);

    [Benchmark]
    public PredictionRecord CardAsJsonNumber() => _patternsOnly.Redact(_cardNumber);

    [Benchmark]
    public PredictionRecord Iban() => _patternsOnly.Redact(_iban);
}
