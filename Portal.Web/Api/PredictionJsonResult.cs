using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

/// <summary>
/// Writes a prediction (or a batch) with a <see cref="Utf8JsonWriter"/> and buffer reused per thread, then copies it to
/// the response with its Content-Length: the same JSON as <see cref="PredictResponse"/> / <see cref="BatchPredictResponse"/>
/// would serialize to, without the serializer's per-call work on the hottest endpoint. Declares both shapes for OpenAPI.
/// </summary>
public sealed class PredictionJsonResult : IResult, IEndpointMetadataProvider
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly Prediction? _single;
    private readonly BatchPrediction? _batch;

    public PredictionJsonResult(Prediction prediction) => _single = prediction;

    public PredictionJsonResult(BatchPrediction batch) => _batch = batch;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        if (_single is { } p)
        {
            writer.WriteStartObject();
            writer.WriteString("predictionId"u8, p.PredictionId);
            writer.WriteString("model"u8, p.Model);
            writer.WriteNumber("version"u8, p.Version);
            writer.WriteString("label"u8, p.Label);
            writer.WriteNumber("probability"u8, p.Probability);
            WriteWarnings(writer, p.Warnings);
            writer.WriteEndObject();
        }
        else
        {
            var b = _batch!;
            writer.WriteStartObject();
            writer.WriteString("model"u8, b.Model);
            writer.WriteNumber("version"u8, b.Version);
            writer.WriteStartArray("predictions"u8);
            foreach (var item in b.Predictions)
            {
                writer.WriteStartObject();
                writer.WriteString("predictionId"u8, item.PredictionId);
                writer.WriteString("label"u8, item.Label);
                writer.WriteNumber("probability"u8, item.Probability);
                WriteWarnings(writer, item.Warnings);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.Flush();

        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 20) t_buffer = null; // a big batch's buffer is not kept for the thread's life
        var flush = response.BodyWriter.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>"warnings": always present (empty when nothing is unusual), so clients need not test for it.</summary>
    private static void WriteWarnings(Utf8JsonWriter writer, IReadOnlyList<InputWarning>? warnings)
    {
        writer.WriteStartArray("warnings"u8);
        if (warnings is not null)
        {
            foreach (var w in warnings)
            {
                writer.WriteStartObject();
                writer.WriteString("feature"u8, w.Feature);
                writer.WriteString("kind"u8, w.Kind);
                if (w.Category is { } category)
                {
                    // An unknown category: the value as sent, as text.
                    writer.WriteString("value"u8, category);
                }
                else
                {
                    writer.WriteNumber("value"u8, w.Value.GetValueOrDefault());
                    writer.WriteNumber("min"u8, w.Min.GetValueOrDefault());
                    writer.WriteNumber("max"u8, w.Max.GetValueOrDefault());
                }

                writer.WriteString("message"u8, w.Message);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PredictResponse), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(BatchPredictResponse), ["application/json"]));
    }
}
