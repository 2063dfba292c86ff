using Microsoft.Extensions.Options;

namespace Portal.Web.RateLimits;

/// <summary>Stops start-up on a bad Portal:RateLimits value, naming the key.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions o)
    {
        var errors = new List<string>();
        void AtLeast(int value, int minimum, string key)
        {
            if (value < minimum) errors.Add($"{RateLimitOptions.Section}:{key} must be at least {minimum} (was {value}).");
        }

        AtLeast(o.SignIn.PermitLimit, 1, "SignIn:PermitLimit");
        AtLeast(o.SignIn.WindowSeconds, 1, "SignIn:WindowSeconds");
        AtLeast(o.Api.BurstLimit, 1, "Api:BurstLimit");
        AtLeast(o.Api.PermitsPerSecond, 1, "Api:PermitsPerSecond");
        AtLeast(o.Lockout.Failures, 1, "Lockout:Failures");
        AtLeast(o.Lockout.FirstLockSeconds, 1, "Lockout:FirstLockSeconds");
        AtLeast(o.Lockout.MaxLockSeconds, o.Lockout.FirstLockSeconds, "Lockout:MaxLockSeconds");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
