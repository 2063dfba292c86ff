namespace Portal.Core.Fleet;

/// <summary>The kinds of <see cref="RegistryChange"/>: each names what a replica re-reads when it hears of one.</summary>
public static class RegistryChangeKinds
{
    public const string Promotion = "promotion";
    public const string Rollback = "rollback";
    public const string Reload = "reload";
    public const string Rollout = "rollout";
    public const string Gates = "gates";
    public const string ApiKeyRevoked = "api-key-revoked";
    public const string UserChanged = "user-changed";

    /// <summary>
    /// Not a change yet: a replica is about to move an alias to this version, so the others load its engine meanwhile and
    /// the move itself, when announced, only swaps it in.
    /// </summary>
    public const string Preload = "preload";

    /// <summary>True for the kinds that change what serves for a model (the others change who may call).</summary>
    public static bool ChangesServing(string kind) => kind is Promotion or Rollback or Reload or Rollout or Gates;
}
