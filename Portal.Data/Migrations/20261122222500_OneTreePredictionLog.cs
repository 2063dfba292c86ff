using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <summary>
    /// The prediction log becomes one B-tree: an integer key (the rowid) that grows with time replaces the Id primary
    /// key and the (Model, At) index; ids are stored as 16 bytes; labels are keyed by their prediction's key. Written
    /// by hand, because every stored row needs a key: its millisecond (from At) and its rank within that millisecond,
    /// which is how PredictionStore finds a prediction by id (bench/results/logging.md says why).
    /// </summary>
    public partial class OneTreePredictionLog : Migration
    {
        /// <summary>At's Unix millisecond, from EF Core's DateTimeOffsetToBinaryConverter: (ticks / 1000) &lt;&lt; 11 | offset minutes (11 bits, signed).</summary>
        private const string Millisecond =
            """(("At" >> 11) * 1000 - (CASE WHEN "At" & 1024 THEN ("At" & 2047) - 2048 ELSE "At" & 2047 END) * 600000000 - 621355968000000000) / 10000""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Predictions" (
                    "Key" INTEGER NOT NULL CONSTRAINT "PK_Predictions" PRIMARY KEY,
                    "Id" BLOB NOT NULL,
                    "Model" TEXT NOT NULL,
                    "Version" INTEGER NOT NULL,
                    "Alias" TEXT NULL,
                    "InputsJson" TEXT NOT NULL,
                    "Label" TEXT NOT NULL,
                    "Probability" REAL NOT NULL,
                    "LatencyMs" REAL NOT NULL,
                    "At" INTEGER NOT NULL);
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "ef_temp_Predictions" ("Key", "Id", "Model", "Version", "Alias", "InputsJson", "Label", "Probability", "LatencyMs", "At")
                SELECT ("Ms" << 20) + ROW_NUMBER() OVER (PARTITION BY "Ms" ORDER BY "Id") - 1, unhex(replace("Id", '-', '')),
                       "Model", "Version", "Alias", "InputsJson", "Label", "Probability", "LatencyMs", "At"
                FROM (SELECT *, {Millisecond} AS "Ms" FROM "Predictions");
                """);
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_LabelRows" AS
                SELECT p."Key" AS "PredictionKey", p."Id" AS "PredictionId", l."TrueLabel", l."LabelTimestamp", l."Source", l."ReceivedAt", l."ReceivedBy"
                FROM "Labels" AS l JOIN "ef_temp_Predictions" AS p ON p."Id" = unhex(replace(l."PredictionId", '-', ''));
                """);
            migrationBuilder.Sql("""DROP TABLE "Labels";""");
            migrationBuilder.Sql("""DROP TABLE "Predictions";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_Predictions" RENAME TO "Predictions";""");
            migrationBuilder.Sql("""
                CREATE TABLE "Labels" (
                    "PredictionKey" INTEGER NOT NULL CONSTRAINT "PK_Labels" PRIMARY KEY,
                    "PredictionId" BLOB NOT NULL,
                    "TrueLabel" TEXT NOT NULL,
                    "LabelTimestamp" INTEGER NULL,
                    "Source" TEXT NULL,
                    "ReceivedAt" INTEGER NOT NULL,
                    "ReceivedBy" TEXT NOT NULL,
                    CONSTRAINT "FK_Labels_Predictions_PredictionKey" FOREIGN KEY ("PredictionKey") REFERENCES "Predictions" ("Key") ON DELETE CASCADE);
                """);
            migrationBuilder.Sql("""
                INSERT INTO "Labels" ("PredictionKey", "PredictionId", "TrueLabel", "LabelTimestamp", "Source", "ReceivedAt", "ReceivedBy")
                SELECT "PredictionKey", "PredictionId", "TrueLabel", "LabelTimestamp", "Source", "ReceivedAt", "ReceivedBy" FROM "ef_temp_LabelRows";
                """);
            migrationBuilder.Sql("""DROP TABLE "ef_temp_LabelRows";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Labels_ReceivedAt" ON "Labels" ("ReceivedAt");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            const string IdText = """substr(hex("{0}"), 1, 8) || '-' || substr(hex("{0}"), 9, 4) || '-' || substr(hex("{0}"), 13, 4) || '-' || substr(hex("{0}"), 17, 4) || '-' || substr(hex("{0}"), 21, 12)""";
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_Predictions" (
                    "Id" TEXT NOT NULL CONSTRAINT "PK_Predictions" PRIMARY KEY,
                    "Model" TEXT NOT NULL,
                    "Version" INTEGER NOT NULL,
                    "Alias" TEXT NULL,
                    "InputsJson" TEXT NOT NULL,
                    "Label" TEXT NOT NULL,
                    "Probability" REAL NOT NULL,
                    "LatencyMs" REAL NOT NULL,
                    "At" INTEGER NOT NULL);
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "ef_temp_Predictions" ("Id", "Model", "Version", "Alias", "InputsJson", "Label", "Probability", "LatencyMs", "At")
                SELECT {string.Format(IdText, "Id")}, "Model", "Version", "Alias", "InputsJson", "Label", "Probability", "LatencyMs", "At" FROM "Predictions";
                """);
            migrationBuilder.Sql($"""
                CREATE TABLE "ef_temp_LabelRows" AS
                SELECT {string.Format(IdText, "PredictionId")} AS "PredictionId", "TrueLabel", "LabelTimestamp", "Source", "ReceivedAt", "ReceivedBy" FROM "Labels";
                """);
            migrationBuilder.Sql("""DROP TABLE "Labels";""");
            migrationBuilder.Sql("""DROP TABLE "Predictions";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_Predictions" RENAME TO "Predictions";""");
            migrationBuilder.Sql("""
                CREATE TABLE "Labels" (
                    "PredictionId" TEXT NOT NULL CONSTRAINT "PK_Labels" PRIMARY KEY,
                    "TrueLabel" TEXT NOT NULL,
                    "LabelTimestamp" INTEGER NULL,
                    "Source" TEXT NULL,
                    "ReceivedAt" INTEGER NOT NULL,
                    "ReceivedBy" TEXT NOT NULL,
                    CONSTRAINT "FK_Labels_Predictions_PredictionId" FOREIGN KEY ("PredictionId") REFERENCES "Predictions" ("Id") ON DELETE CASCADE);
                """);
            migrationBuilder.Sql("""
                INSERT INTO "Labels" ("PredictionId", "TrueLabel", "LabelTimestamp", "Source", "ReceivedAt", "ReceivedBy")
                SELECT "PredictionId", "TrueLabel", "LabelTimestamp", "Source", "ReceivedAt", "ReceivedBy" FROM "ef_temp_LabelRows";
                """);
            migrationBuilder.Sql("""DROP TABLE "ef_temp_LabelRows";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Labels_ReceivedAt" ON "Labels" ("ReceivedAt");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Predictions_Model_At" ON "Predictions" ("Model", "At");""");
        }
    }
}
