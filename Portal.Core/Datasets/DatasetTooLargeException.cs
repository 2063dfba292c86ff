namespace Portal.Core.Datasets;

public sealed class DatasetTooLargeException(long limitBytes)
    : Exception($"The file is larger than the upload limit of {limitBytes / (1024 * 1024)} MB.")
{
    public long LimitBytes { get; } = limitBytes;
}
