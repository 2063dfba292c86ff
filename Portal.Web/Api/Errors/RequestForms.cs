using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Portal.Web.Api.Errors;

/// <summary>
/// The one way endpoints read a multipart form: the framework's reader throws InvalidDataException (no boundary, a
/// section too long) or IOException (the body ends before the closing boundary), which would be a 500; here they are a
/// <see cref="MalformedBodyException"/>, a 400 naming the problem. Kestrel's own errors (413, a body cut by the
/// client) are already BadHttpRequestExceptions and pass through.
/// </summary>
public static class RequestForms
{
    public static async Task<IFormCollection> ReadFormSafelyAsync(this HttpRequest request, CancellationToken ct)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Length == 0)
            throw new MalformedBodyException("is multipart/form-data without a boundary: the Content-Type needs '; boundary=...'");
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            // FormOptions.MultipartBodyLengthLimit (from Portal:Datasets:MaxUploadMegabytes): too large, not malformed.
            throw new BadHttpRequestException("The multipart body is larger than the upload limit (Portal:Datasets:MaxUploadMegabytes).", StatusCodes.Status413PayloadTooLarge, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new MalformedBodyException($"is not a valid multipart form: {ex.Message.TrimEnd('.')}", ex);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw new MalformedBodyException("is cut short: the multipart body ends before its closing boundary", ex);
        }
    }
}
