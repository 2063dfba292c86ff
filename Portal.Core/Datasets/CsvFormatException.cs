namespace Portal.Core.Datasets;

/// <summary>A CSV file that cannot be read as a table. <see cref="Line"/> is 1-based, or null when the whole file is at fault.</summary>
public sealed class CsvFormatException(string message, int? line = null) : Exception(message)
{
    public int? Line { get; } = line;
}
