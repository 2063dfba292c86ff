namespace Portal.Core.Datasets;

/// <summary>The inferred kind of a CSV column. Serialized in lower case in the API.</summary>
public enum ColumnType
{
    Numeric,
    Categorical,
    Boolean,
    Text,
}
