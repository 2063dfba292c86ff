namespace Portal.Core.Exports;

/// <summary>Writes RFC 4180 CSV one record at a time (a field with a comma, quote or line break is quoted).</summary>
internal sealed class CsvLineWriter(TextWriter text)
{
    private bool _first = true;

    public void WriteField(string? value)
    {
        if (!_first) text.Write(',');
        _first = false;
        value ??= "";
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Write(value);
            return;
        }

        text.Write('"');
        text.Write(value.Replace("\"", "\"\""));
        text.Write('"');
    }

    public Task NextRecordAsync()
    {
        _first = true;
        return text.WriteAsync("\r\n");
    }
}
