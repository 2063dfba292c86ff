namespace Portal.Web.RateLimits;

/// <summary>
/// Portal:RateLimits: the sign-in limit per client address, the API limit per key or user, and the lockout
/// backoff per (account, client address). Checked at start-up by <see cref="RateLimitOptionsValidator"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Portal:RateLimits";

    public SignInLimit SignIn { get; set; } = new();
    public ApiLimit Api { get; set; } = new();
    public LockoutPolicy Lockout { get; set; } = new();

    /// <summary>POST /api/auth/token and the login form, per client address, in a fixed window.</summary>
    public sealed class SignInLimit
    {
        public int PermitLimit { get; set; } = 30;
        public int WindowSeconds { get; set; } = 60;
    }

    /// <summary>/api, /ops and /metrics per API key or user: a token bucket generous enough for load tests.</summary>
    public sealed class ApiLimit
    {
        public int BurstLimit { get; set; } = 100_000;
        public int PermitsPerSecond { get; set; } = 50_000;
    }

    /// <summary>After Failures wrong passwords for one account from one address, that pair is locked for FirstLockSeconds, doubling per lock up to MaxLockSeconds.</summary>
    public sealed class LockoutPolicy
    {
        public int Failures { get; set; } = 5;
        public int FirstLockSeconds { get; set; } = 60;
        public int MaxLockSeconds { get; set; } = 900;
    }
}
