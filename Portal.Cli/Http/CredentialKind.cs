namespace Portal.Cli.Http;

internal enum CredentialKind
{
    None,
    ApiKey,
    Token,
}
