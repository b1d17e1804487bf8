import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database';
import { Panel, PanelRole } from '../../src/entities';
import { PanelStore } from '../../src/services/PanelStore';
import { createTestDatabase, type Engine } from '../support/databases';

export interface MigratedDatabase {
  dataSource: DataSource;
  store: PanelStore;
  /** Closes the connection and deletes the database or file. */
  drop(): Promise<void>;
}

/** Creates an empty database of its own, runs the migrations and returns a panel store on it. */
export async function openMigratedDatabase(engine: Engine): Promise<MigratedDatabase> {
  const database = await createTestDatabase(engine);
  const dataSource = createDataSource(database.config);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    store: new PanelStore(dataSource, dataSource.getRepository(Panel), dataSource.getRepository(PanelRole)),
    drop: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
