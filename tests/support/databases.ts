import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { Config } from '../../src/config/config';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** The server the tests create their databases on; CI sets TEST_DATABASE_URL, a developer machine has the local one. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  engine: Engine;
  config: Config['database'];
  /** Environment variables that point the bot at this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * Creates an empty database of its own for one test file: a fresh PostgreSQL database with
 * a random name, or a SQLite file in a new temporary folder. `drop()` removes it.
 */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'role-panels-'));
    return {
      engine,
      config: { kind: 'sqlite', dataDir, file: path.join(dataDir, 'role-panels.sqlite') },
      env: { DATA_DIR: dataDir },
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }

  const name = `rp_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    engine,
    config: { kind: 'postgres', url: url.toString(), maxConnections: 5 },
    env: { DATABASE_URL: url.toString() },
    drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
