namespace Portal.Core.Backup;

/// <summary>A backup or restore that cannot go on; the message is the one-line reason shown to the operator.</summary>
public sealed class BackupRefusedException(string message, Exception? inner = null) : Exception(message, inner);
