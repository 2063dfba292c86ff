using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class KeyOwnersAndApprovalPersons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Person",
                table: "VersionApprovals",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ViaKey",
                table: "VersionApprovals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "ApiKeys",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // A key belongs to the person who created it; a key created with a key, to that key's owner (followed
            // through a few generations). Keys whose owner cannot be found keep "" and are refused.
            migrationBuilder.Sql("UPDATE ApiKeys SET Owner = CreatedBy WHERE CreatedBy NOT LIKE 'key:%';");
            for (var generation = 0; generation < 5; generation++)
                migrationBuilder.Sql(
                    "UPDATE ApiKeys SET Owner = COALESCE((SELECT p.Owner FROM ApiKeys p WHERE 'key:' || p.Name = ApiKeys.CreatedBy AND p.Id < ApiKeys.Id ORDER BY p.Id DESC LIMIT 1), '') " +
                    "WHERE Owner = '' AND CreatedBy LIKE 'key:%';");

            // An approval is its person's; one given with a key is the key owner's ("" when unknown: it never counts).
            migrationBuilder.Sql("UPDATE VersionApprovals SET Person = ApprovedBy WHERE ApprovedBy NOT LIKE 'key:%';");
            migrationBuilder.Sql(
                "UPDATE VersionApprovals SET ViaKey = substr(ApprovedBy, 5), Person = COALESCE((SELECT k.Owner FROM ApiKeys k WHERE 'key:' || k.Name = VersionApprovals.ApprovedBy " +
                "AND k.CreatedAt <= VersionApprovals.At ORDER BY k.Id DESC LIMIT 1), '') WHERE ApprovedBy LIKE 'key:%';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Person",
                table: "VersionApprovals");

            migrationBuilder.DropColumn(
                name: "ViaKey",
                table: "VersionApprovals");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "ApiKeys");
        }
    }
}
