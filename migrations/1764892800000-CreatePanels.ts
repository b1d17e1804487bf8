import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates panels and panel_roles. The same file runs on PostgreSQL and SQLite, so the
 * few types that differ between the two engines are chosen from the connection.
 */
export class CreatePanels1764892800000 implements MigrationInterface {
  name = 'CreatePanels1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const id = postgres ? 'SERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL';
    const timestamp = postgres ? 'TIMESTAMP NOT NULL DEFAULT now()' : "DATETIME NOT NULL DEFAULT (datetime('now'))";

    await queryRunner.query(`
      CREATE TABLE "panels" (
        "id" ${id},
        "guild_id" VARCHAR(20) NOT NULL,
        "channel_id" VARCHAR(20),
        "message_id" VARCHAR(20),
        "title" VARCHAR(256) NOT NULL,
        "description" TEXT,
        "color" INTEGER,
        "mode" VARCHAR(16) NOT NULL DEFAULT ('toggle'),
        "max_roles" INTEGER,
        "required_role_id" VARCHAR(20),
        "version" INTEGER NOT NULL,
        "created_at" ${timestamp},
        "updated_at" ${timestamp}
      )`);
    await queryRunner.query(`CREATE INDEX "idx_panels_guild_id" ON "panels" ("guild_id")`);
    // Both engines allow many NULLs in a unique index, so only posted panels are constrained.
    await queryRunner.query(`CREATE UNIQUE INDEX "idx_panels_message_id" ON "panels" ("message_id")`);

    await queryRunner.query(`
      CREATE TABLE "panel_roles" (
        "id" ${id},
        "panel_id" INTEGER NOT NULL,
        "role_id" VARCHAR(20) NOT NULL,
        "label" VARCHAR(80) NOT NULL,
        "emoji" VARCHAR(100),
        "style" VARCHAR(16) NOT NULL DEFAULT ('secondary'),
        "position" INTEGER NOT NULL,
        CONSTRAINT "uq_panel_roles_panel_role" UNIQUE ("panel_id", "role_id"),
        CONSTRAINT "fk_panel_roles_panel" FOREIGN KEY ("panel_id") REFERENCES "panels" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "idx_panel_roles_panel_id" ON "panel_roles" ("panel_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_panel_roles_panel_id"`);
    await queryRunner.query(`DROP TABLE "panel_roles"`);
    await queryRunner.query(`DROP INDEX "idx_panels_message_id"`);
    await queryRunner.query(`DROP INDEX "idx_panels_guild_id"`);
    await queryRunner.query(`DROP TABLE "panels"`);
  }
}
