using MudBlazor;
using Portal.Core.Retraining;

namespace Portal.Web.Components.Pages.Models;

/// <summary>How the Retraining tab words and colours pipeline states, outcomes and triggers.</summary>
public static class RetrainDisplay
{
    public static Color StatusColor(string status) => status switch
    {
        RetrainNames.Succeeded => Color.Success,
        RetrainNames.Rejected => Color.Warning,
        RetrainNames.Failed => Color.Error,
        _ => Color.Info,
    };

    public static string Outcome(string? outcome) => outcome switch
    {
        RetrainNames.Registered => "registered",
        RetrainNames.Challenger => "challenger",
        RetrainNames.RolloutStarted => "rollout started",
        _ => "—",
    };

    public static string Step(string step) => step switch
    {
        RetrainNames.StepTrigger => "Trigger",
        RetrainNames.StepData => "Data",
        RetrainNames.StepTraining => "Training",
        RetrainNames.StepCandidate => "Candidate",
        RetrainNames.StepGates => "Gates",
        RetrainNames.StepAction => "Action",
        _ => step,
    };

    public static string ShortSha(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
