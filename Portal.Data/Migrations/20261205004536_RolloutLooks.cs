using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class RolloutLooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RolloutLooks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    CandidateBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    ChampionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ChampionRequests = table.Column<long>(type: "INTEGER", nullable: false),
                    ChampionErrors = table.Column<long>(type: "INTEGER", nullable: true),
                    ChampionPositiveRate = table.Column<double>(type: "REAL", nullable: true),
                    ChampionLabelled = table.Column<long>(type: "INTEGER", nullable: false),
                    ChampionAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    ChampionAuc = table.Column<double>(type: "REAL", nullable: true),
                    ChampionP95Ms = table.Column<double>(type: "REAL", nullable: true),
                    CandidateVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CandidateRequests = table.Column<long>(type: "INTEGER", nullable: false),
                    CandidateErrors = table.Column<long>(type: "INTEGER", nullable: true),
                    CandidatePositiveRate = table.Column<double>(type: "REAL", nullable: true),
                    CandidateLabelled = table.Column<long>(type: "INTEGER", nullable: false),
                    CandidateAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    CandidateAuc = table.Column<double>(type: "REAL", nullable: true),
                    CandidateP95Ms = table.Column<double>(type: "REAL", nullable: true),
                    PValue = table.Column<double>(type: "REAL", nullable: true),
                    Alpha = table.Column<double>(type: "REAL", nullable: false),
                    DisagreementRate = table.Column<double>(type: "REAL", nullable: true),
                    McNemarPValue = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RolloutLooks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RolloutLooks_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RolloutLooks_RolloutId_Id",
                table: "RolloutLooks",
                columns: new[] { "RolloutId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RolloutLooks");
        }
    }
}
