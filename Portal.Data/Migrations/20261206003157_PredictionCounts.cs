using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class PredictionCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PredictionCounts",
                columns: table => new
                {
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Labelled = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PredictionCounts", x => new { x.Model, x.Version, x.Hour });
                });

            // Backfill from the rows already logged: served predictions (and how many have labels) per model, version and
            // hour of the key (3,774,873,600,000 keys per hour: PredictionCounts.KeysPerHour). One scan, once.
            migrationBuilder.Sql("INSERT INTO PredictionCounts (Model, Version, Hour, Count, Labelled) SELECT p.Model, p.Version, p.\"Key\" / 3774873600000, COUNT(*), COUNT(l.PredictionKey) FROM Predictions AS p LEFT JOIN Labels AS l ON l.PredictionKey = p.\"Key\" WHERE p.Arm IS NULL OR p.Arm <> 'shadow' GROUP BY p.Model, p.Version, p.\"Key\" / 3774873600000;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PredictionCounts");
        }
    }
}
