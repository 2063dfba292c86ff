using System.Text.Json.Serialization;

namespace Portal.Web.Api.Contracts;

/// <summary>OAuth-style token answer (snake_case by contract).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
