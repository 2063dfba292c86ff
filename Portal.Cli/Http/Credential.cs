namespace Portal.Cli.Http;

/// <summary>What a request is authenticated with, and how to name it when the portal refuses it.</summary>
internal sealed record Credential(CredentialKind Kind, string? Value)
{
    public static Credential None { get; } = new(CredentialKind.None, null);

    /// <summary>The phrase after "the portal refused" in a 401 or 403 line.</summary>
    public string Refused => Kind switch
    {
        CredentialKind.ApiKey => "the API key",
        CredentialKind.Token => "the saved login token (run 'portal login' again)",
        _ => "the request without credentials (set PORTAL_API_KEY, pass --api-key or run 'portal login')",
    };

    public void Apply(HttpRequestMessage request)
    {
        switch (Kind)
        {
            case CredentialKind.ApiKey:
                request.Headers.Add("X-Api-Key", Value);
                break;
            case CredentialKind.Token:
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Value);
                break;
        }
    }
}
