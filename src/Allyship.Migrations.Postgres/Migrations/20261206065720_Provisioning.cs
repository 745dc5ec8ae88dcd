using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Allyship.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Provisioning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmployeeNumber",
                table: "Colleagues",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeftUtc",
                table: "Colleagues",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScimExternalId",
                table: "Colleagues",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ScimRemoved",
                table: "Colleagues",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ScimUserName",
                table: "Colleagues",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ScimVersion",
                table: "Colleagues",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ProvisioningTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    LastUsedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningTokens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScimGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProgramId = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScimGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScimGroups_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ScimGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "integer", nullable: false),
                    ColleagueId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScimGroupMembers", x => new { x.GroupId, x.ColleagueId });
                    table.ForeignKey(
                        name: "FK_ScimGroupMembers_Colleagues_ColleagueId",
                        column: x => x.ColleagueId,
                        principalTable: "Colleagues",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ScimGroupMembers_ScimGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "ScimGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Colleagues_ScimExternalId",
                table: "Colleagues",
                column: "ScimExternalId");

            migrationBuilder.CreateIndex(
                name: "IX_Colleagues_ScimUserName",
                table: "Colleagues",
                column: "ScimUserName");

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningTokens_TokenHash",
                table: "ProvisioningTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScimGroupMembers_ColleagueId",
                table: "ScimGroupMembers",
                column: "ColleagueId");

            migrationBuilder.CreateIndex(
                name: "IX_ScimGroups_DisplayName",
                table: "ScimGroups",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_ScimGroups_ExternalId",
                table: "ScimGroups",
                column: "ExternalId");

            migrationBuilder.CreateIndex(
                name: "IX_ScimGroups_ProgramId",
                table: "ScimGroups",
                column: "ProgramId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProvisioningTokens");

            migrationBuilder.DropTable(
                name: "ScimGroupMembers");

            migrationBuilder.DropTable(
                name: "ScimGroups");

            migrationBuilder.DropIndex(
                name: "IX_Colleagues_ScimExternalId",
                table: "Colleagues");

            migrationBuilder.DropIndex(
                name: "IX_Colleagues_ScimUserName",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "EmployeeNumber",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "LeftUtc",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "ScimExternalId",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "ScimRemoved",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "ScimUserName",
                table: "Colleagues");

            migrationBuilder.DropColumn(
                name: "ScimVersion",
                table: "Colleagues");
        }
    }
}
