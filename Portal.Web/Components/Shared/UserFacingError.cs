using Microsoft.Extensions.Logging;
using Portal.Core.Datasets;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Training;

namespace Portal.Web.Components.Shared;

/// <summary>
/// What a component shows when an action fails (loading failures: <see cref="LoadFailure"/>). Portal's validation
/// exceptions are written for users and keep their message; any other exception goes to the server log and the user
/// gets a sentence, never exception text (it can name server paths, SQL or types). Decided by type, not per call site.
/// </summary>
public static class UserFacingError
{
    /// <param name="failed">What did not happen, as a sentence without a full stop: "The user could not be created".</param>
    public static string Describe(ILogger logger, Exception exception, string failed)
    {
        if (IsWrittenForUsers(exception)) return $"{failed}: {exception.Message}";
        logger.LogError(exception, "{Failed}", failed);
        return $"{failed}. Try again; if it keeps failing, the server log has the details.";
    }

    /// <summary>Exceptions Portal throws with a message meant for the person who asked (bad input, refused files).</summary>
    public static bool IsWrittenForUsers(Exception exception) => exception is
        ModelImportException or TrainingValidationException or CsvFormatException or DatasetTooLargeException
        or LabelFormatException or UnsafeArtefactException or ArtefactIntegrityException
        or RolloutValidationException or RolloutConflictException or RolloutStateException or RolloutPromotionBlockedException
        or EnsembleValidationException or Portal.Core.Retraining.RetrainConflictException;
}
