using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeanPredictionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Predictions_At",
                table: "Predictions");

            migrationBuilder.DropIndex(
                name: "IX_Predictions_Model_Version_At",
                table: "Predictions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Predictions_At",
                table: "Predictions",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Predictions_Model_Version_At",
                table: "Predictions",
                columns: new[] { "Model", "Version", "At" });
        }
    }
}
