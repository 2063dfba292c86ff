namespace Portal.Core.Training;

/// <summary>One tunable option of a trainer: its camelCase name, default and inclusive range.</summary>
public sealed record TrainerOptionSpec(string Name, double Default, double Min, double Max, bool IsInteger, string Description);
