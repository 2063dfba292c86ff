using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <summary>
    /// Versions stored the artefact's absolute path (<c>/srv/portal/models/credit-risk/v1.zip</c>), which broke every
    /// model when the data folder moved or Portal:ModelsPath changed, and leaked server paths. Each absolute path
    /// (Unix, Windows drive or UNC, either separator) becomes its last two segments, <c>credit-risk/v1.zip</c>: the key
    /// relative to the artefact store, which is how ArtefactStore writes them (one folder per model). Keys already
    /// relative are left alone. No schema change: the column keeps its name.
    /// </summary>
    public partial class RelativeArtefactKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite has no "last index of": rtrim(p, <every character of p but '/'>) keeps p up to its last '/'.
            migrationBuilder.Sql("""
                UPDATE "ModelVersions"
                SET "ArtefactPath" = (
                    SELECT substr("Dir", length(rtrim("Dir", replace("Dir", '/', ''))) + 1) || '/' || "File"
                    FROM (
                        SELECT substr("P", 1, length(rtrim("P", replace("P", '/', ''))) - 1) AS "Dir",
                               substr("P", length(rtrim("P", replace("P", '/', ''))) + 1) AS "File"
                        FROM (SELECT replace("ArtefactPath", '\', '/') AS "P")))
                WHERE "ArtefactPath" LIKE '/%' OR "ArtefactPath" LIKE '\%' OR "ArtefactPath" GLOB '[A-Za-z]:*';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The old absolute paths cannot be rebuilt (the folder is not recorded); relative keys stay.
        }
    }
}
