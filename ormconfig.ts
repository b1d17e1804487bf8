import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { createDataSource } from './src/database';

/**
 * The DataSource the bot uses, built from the same environment variables, for the TypeORM
 * CLI: `npm run migration:run`, `migration:revert`, `migration:show`.
 */
export default createDataSource(loadConfig(process.env, { requireToken: false }).database);
