import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { Config } from './config/config';
import { Panel, PanelRole } from './entities';

/**
 * Builds the DataSource the bot and the TypeORM CLI share. Migrations are loaded from the
 * compiled folder next to this file, so the same code works from dist/ and under ts-jest.
 */
export function createDataSource(database: Config['database']): DataSource {
  const migrations = [path.join(__dirname, '..', 'migrations', '*.{js,ts}')];
  const common = {
    entities: [Panel, PanelRole],
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  };

  if (database.kind === 'postgres') {
    return new DataSource({
      ...common,
      type: 'postgres',
      url: database.url,
      poolSize: database.maxConnections,
      // Fail fast instead of letting a click wait on a dead server; the error path answers "try again".
      connectTimeoutMS: 2000,
      extra: { max: database.maxConnections, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30000 },
    });
  }

  fs.mkdirSync(database.dataDir, { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: database.file,
    // WAL lets readers proceed while a write commits; the bot is the only writer.
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
    },
  });
}
