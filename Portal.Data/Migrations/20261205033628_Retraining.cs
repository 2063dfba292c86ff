using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Retraining : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RetrainPipelines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetrainPipelines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetrainPolicies",
                columns: table => new
                {
                    Model = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PolicyJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    LastOccurrence = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetrainPolicies", x => x.Model);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RetrainPipelines_Model_StartedAt",
                table: "RetrainPipelines",
                columns: new[] { "Model", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RetrainPipelines_RunId",
                table: "RetrainPipelines",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_RetrainPipelines_Status",
                table: "RetrainPipelines",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RetrainPipelines");

            migrationBuilder.DropTable(
                name: "RetrainPolicies");
        }
    }
}
