namespace Portal.Core.Datasets;

/// <summary>How often a column holds a value, and the first line it appears on (for the issue that names a stray value).</summary>
internal struct ValueTally
{
    public int Count;
    public int FirstLine;
}
