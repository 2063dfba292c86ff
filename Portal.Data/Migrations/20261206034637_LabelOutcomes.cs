using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class LabelOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Model",
                table: "Labels",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "PredictionAt",
                table: "Labels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<double>(
                name: "Probability",
                table: "Labels",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<bool>(
                name: "Shadow",
                table: "Labels",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Labels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Backfill the copies of each labelled prediction's fields (LabelEntity): one pass over the labels, each
            // joined to its prediction by key.
            migrationBuilder.Sql("UPDATE Labels SET Model = p.Model, Version = p.Version, PredictionAt = p.At, Probability = p.Probability, Shadow = (p.Arm IS NOT NULL AND p.Arm = 'shadow') FROM Predictions AS p WHERE p.\"Key\" = Labels.PredictionKey;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Model",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "PredictionAt",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "Probability",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "Shadow",
                table: "Labels");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Labels");
        }
    }
}
