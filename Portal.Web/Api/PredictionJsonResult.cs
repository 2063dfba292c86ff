using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Portal.Core.Explanations;
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

    // With ?explain=true: one explanation (or the reason there is none) per prediction, in order.
    private readonly PredictOutcome<Explanation>[]? _explanations;

    public PredictionJsonResult(Prediction prediction) => _single = prediction;

    public PredictionJsonResult(BatchPrediction batch) => _batch = batch;

    public PredictionJsonResult(Prediction prediction, PredictOutcome<Explanation> explanation) : this(prediction) => _explanations = [explanation];

    public PredictionJsonResult(BatchPrediction batch, PredictOutcome<Explanation>[] explanations) : this(batch) => _explanations = explanations;

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
            if (_explanations is not null) WriteExplanation(writer, _explanations[0]);
            writer.WriteEndObject();
        }
        else
        {
            var b = _batch!;
            writer.WriteStartObject();
            writer.WriteString("model"u8, b.Model);
            writer.WriteNumber("version"u8, b.Version);
            writer.WriteStartArray("predictions"u8);
            for (var i = 0; i < b.Predictions.Count; i++)
            {
                var item = b.Predictions[i];
                writer.WriteStartObject();
                writer.WriteString("predictionId"u8, item.PredictionId);
                writer.WriteString("label"u8, item.Label);
                writer.WriteNumber("probability"u8, item.Probability);
                WriteWarnings(writer, item.Warnings);
                if (_explanations is not null) WriteExplanation(writer, _explanations[i]);
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

    /// <summary>"explanation": the <see cref="Contracts.ExplanationResponse"/> shape (without model and version), or null with "explanationError".</summary>
    private static void WriteExplanation(Utf8JsonWriter writer, PredictOutcome<Explanation> outcome)
    {
        if (outcome.Value is not { } e)
        {
            writer.WriteNull("explanation"u8);
            writer.WriteString("explanationError"u8, outcome.Message);
            return;
        }

        writer.WriteStartObject("explanation"u8);
        writer.WriteString("space"u8, ExplanationResponse.LogitSpace);
        writer.WriteNumber("baseValue"u8, e.BaseValue);
        writer.WriteNumber("logit"u8, e.Logit);
        writer.WriteNumber("probabilityBase"u8, e.ProbabilityBase);
        writer.WriteNumber("probability"u8, e.Probability);
        writer.WriteStartArray("values"u8);
        foreach (var v in e.Values)
        {
            writer.WriteStartObject();
            writer.WriteString("feature"u8, v.Feature);
            writer.WriteNumber("value"u8, v.Value);
            writer.WriteNumber("probabilityValue"u8, v.ProbabilityValue);
            switch (v.Input)
            {
                case double number: writer.WriteNumber("input"u8, number); break;
                case string text: writer.WriteString("input"u8, text); break;
                default: writer.WriteNull("input"u8); break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PredictResponse), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(BatchPredictResponse), ["application/json"]));
    }
}
