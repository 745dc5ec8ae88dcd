using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Allyship.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ConcernHandling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "Concerns",
                type: "text",
                nullable: true);

            // Concerns raised before there were states stay New (0), read or not: reading is not handling (nobody owns
            // them and nobody answered her), and New keeps them in front of the team until someone takes them on.
            // Anonymous ones raised before ReplyTo existed can't be tied to her link; named ones are found by ColleagueId.
            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "Concerns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ConcernEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    AuthorId = table.Column<string>(type: "text", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConcernEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConcernEntries_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ConcernEntries_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_State_CreatedUtc",
                table: "Concerns",
                columns: new[] { "State", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ConcernEntries_AuthorId",
                table: "ConcernEntries",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_ConcernEntries_ConcernId_CreatedUtc",
                table: "ConcernEntries",
                columns: new[] { "ConcernId", "CreatedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConcernEntries");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_State_CreatedUtc",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Concerns");
        }
    }
}
