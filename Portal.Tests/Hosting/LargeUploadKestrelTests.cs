using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Hosting;

/// <summary>
/// A dataset far larger than the default request limits, through the REST API of the published app on Kestrel with the
/// upload limit raised by configuration (Portal:Datasets:MaxUploadMegabytes): stored under its SHA-256 with every row
/// counted while the process's peak memory grows by a fraction of the file; past the limit, a 413 problem and nothing kept.
/// </summary>
public sealed class LargeUploadKestrelTests(LargeUploadKestrelTests.Fixture fixture) : IClassFixture<LargeUploadKestrelTests.Fixture>
{
    public const int LimitMegabytes = 260;

    public sealed class Fixture : KestrelFixture
    {
        protected override PortalProcessOptions Options => new() { Demo = false, Settings = { ["Portal:Datasets:MaxUploadMegabytes"] = LimitMegabytes.ToString() } };
    }

    [Fact]
    public async Task A_200_MB_csv_body_is_stored_with_its_sha256_and_rows_while_peak_memory_grows_far_less_than_the_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-large-upload", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var path = Path.Combine(folder, "large.csv");
            var (sha, rows) = WriteCsv(path, 200L * 1024 * 1024);
            var size = new FileInfo(path).Length;
            using var client = await fixture.Portal.CreateAdminClientAsync();
            var before = PeakKilobytes(fixture.Portal.ProcessId);

            await using var file = File.OpenRead(path);
            var content = new StreamContent(file, 128 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await client.PostAsync("/api/datasets?fileName=large.csv&name=large", content);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal(sha, body.GetProperty("sha256").GetString());
            Assert.Equal(rows, body.GetProperty("rows").GetInt32());
            var stored = Path.Combine(fixture.Portal.Root, "datasets", sha + ".csv");
            Assert.Equal(size, new FileInfo(stored).Length);
            Assert.Equal([sha + ".csv"], Directory.GetFiles(Path.Combine(fixture.Portal.Root, "datasets")).Select(Path.GetFileName));

            var grown = PeakKilobytes(fixture.Portal.ProcessId) - before;
            Console.WriteLine($"LargeUpload: {size / 1024 / 1024} MB, {rows} rows; VmHWM {before / 1024} MB before, grew {grown / 1024} MB");
            Assert.True(grown * 1024L < 150L * 1024 * 1024, $"Peak memory grew {grown / 1024} MB for a {size / 1024 / 1024} MB file.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_over_the_configured_limit_is_a_413_problem_and_stores_nothing()
    {
        using var client = await fixture.Portal.CreateAdminClientAsync();
        var datasets = Path.Combine(fixture.Portal.Root, "datasets");
        var before = Directory.Exists(datasets) ? Directory.GetFiles(datasets).Order().ToArray() : [];

        // Chunked, so the server cannot refuse it from a Content-Length: the limit is found while streaming.
        using var response = await client.PostAsync("/api/datasets?fileName=huge.csv", new GeneratedCsvContent((LimitMegabytes + 1L) * 1024 * 1024));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{LimitMegabytes} MB", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Directory.Exists(datasets) ? Directory.GetFiles(datasets).Order().ToArray() : []);
        using var list = await client.GetAsync("/api/datasets");
        Assert.DoesNotContain("huge", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>VmHWM (peak resident set) of a process, in kB.</summary>
    private static long PeakKilobytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A CSV of at least <paramref name="bytes"/> with wide columns (ids, amounts, codes) and narrow ones; its SHA-256 and rows.</summary>
    private static (string Sha256, int Rows) WriteCsv(string path, long bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var rows = 0;
        long written = 0;
        var buffer = new StringBuilder();
        void Flush()
        {
            var chunk = Encoding.UTF8.GetBytes(buffer.ToString());
            hash.AppendData(chunk);
            output.Write(chunk);
            written += chunk.Length;
            buffer.Clear();
        }

        buffer.Append("id,amount,score,grade,code\n");
        while (written + buffer.Length < bytes)
        {
            rows++;
            GeneratedCsvContent.AppendRow(buffer, rows);
            if (buffer.Length > 1 << 20) Flush();
        }

        Flush();
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), rows);
    }

    /// <summary>A generated CSV body of at least the given size, sent chunked (no Content-Length).</summary>
    private sealed class GeneratedCsvContent : HttpContent
    {
        private readonly long _bytes;

        public GeneratedCsvContent(long bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        public static void AppendRow(StringBuilder row, int i) =>
            row.Append(i).Append(',')
                .Append((i * 7919L % 1_000_003) / 100.0).Append(',')
                .Append(i % 1000 / 10.0).Append(',')
                .Append((char)('A' + i % 7)).Append(',')
                .Append('c').Append(i * 31L % 2_000_003).Append('\n');

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new StringBuilder("id,amount,score,grade,code\n");
            long sent = 0;
            var i = 0;
            while (sent < _bytes)
            {
                while (buffer.Length < 1 << 20) AppendRow(buffer, ++i);
                var chunk = Encoding.UTF8.GetBytes(buffer.ToString());
                buffer.Clear();
                await stream.WriteAsync(chunk);
                sent += chunk.Length;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
