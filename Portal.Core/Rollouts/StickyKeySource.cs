namespace Portal.Core.Rollouts;

/// <summary>Where a request's sticky key comes from.</summary>
public enum StickyKeySource
{
    /// <summary>The <c>X-Portal-Key</c> request header (<see cref="RolloutStickyKey.HeaderName"/>).</summary>
    Header,

    /// <summary>One of the request's features, e.g. a customer id.</summary>
    Feature,
}
