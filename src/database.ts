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
      // pg-pool applies this timeout to waiting for a busy pool as well as to connecting, and a
      // burst of 1,000 clicks queues for the pool longer than 2 s on 2 cores, which turned
      // healthy clicks into "try again". A refused connection still fails at once; only a host
      // that drops packets takes the full 10 s, after the click was acknowledged.
      connectTimeoutMS: 10_000,
      extra: { max: database.maxConnections, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30000 },
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
