import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Events, type Interaction } from 'discord.js';
import { MetadataStorage, type Client } from 'discordx';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type Config } from './config/config';
import { registerDependencies } from './container';
import { createDataSource } from './database';
import { createClient } from './discord/createClient';
import { errorText } from './discord/errorReplies';
import { InteractionGate } from './discord/InteractionGate';
import { loadHandlers } from './handlers';
import { createLogger, type Logger } from './logger';
import { TOKENS } from './tokens';

/** Starts the bot in a fixed order: config, logger, database, DI, handlers, client, login. */
async function main(): Promise<void> {
  const startedAt = performance.now();

  const config = readConfigOrExit();
  const logger = createLogger(config);
  const log = logger.child({ module: 'main' });
  process.on('unhandledRejection', (reason) => {
    log.error('Unhandled promise rejection', { error: errorText(reason), stack: reason instanceof Error ? reason.stack : undefined });
  });

  let dataSource: DataSource;
  try {
    dataSource = createDataSource(config.database);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await warmUpPool(dataSource, config);
    log.info('Database ready', { database: config.database.kind, migrationsApplied: applied.map((migration) => migration.name) });
  } catch (error) {
    log.error(`Could not open the ${config.database.kind} database: ${errorText(error)}. Check DATABASE_URL (or DATA_DIR for SQLite) and that the server is running.`);
    await exitAfterLogs(logger, 1);
    return;
  }

  const container = registerDependencies(config, logger, dataSource);
  const modules = loadHandlers();

  const client = createClient(config, discordxLogger(logger.child({ module: 'discordx' })));
  container.register(TOKENS.Client, { useValue: client });
  const gate = new InteractionGate(client, logger.child({ module: 'interactions' }));
  client.on(Events.InteractionCreate, (interaction: Interaction) => void gate.dispatch(interaction));
  client.on(Events.Error, (error) => log.error('Discord client error', { error: errorText(error) }));
  client.on(Events.ShardResume, (shardId, replayed) => log.info('Gateway session resumed', { shardId, replayed }));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn('Gateway connection closed', { shardId, code: event.code }));

  installShutdown({ client, dataSource, gate, logger, config });

  try {
    // login() resolves after READY and every guild's GUILD_CREATE, so the client is ready here.
    await client.login(config.discordToken as string);
  } catch (error) {
    log.error(`Could not log in to Discord: ${errorText(error)}. Check DISCORD_TOKEN and DISCORD_API_URL.`);
    await dataSource.destroy().catch(() => undefined);
    await exitAfterLogs(logger, 1);
    return;
  }
  const readyMs = Math.round(performance.now() - startedAt);

  try {
    await client.initApplicationCommands();
  } catch (error) {
    log.error('Could not register application commands; the bot keeps running with the commands Discord already has', {
      error: errorText(error),
    });
  }

  const metadata = MetadataStorage.instance;
  log.info('Bot started', {
    user: client.user?.tag,
    guilds: client.guilds.cache.size,
    database: config.database.kind,
    handlerModules: modules.length,
    slashCommands: metadata.applicationCommandSlashesFlat.length,
    buttons: metadata.buttonComponents.length,
    modals: metadata.modalComponents.length,
    selectMenus: metadata.selectMenuComponents.length,
    events: metadata.events.length,
    commandScope: config.devGuildIds.length > 0 ? `guilds ${config.devGuildIds.join(',')}` : 'global',
    readyMs,
    startupMs: Math.round(performance.now() - startedAt),
  });
}

/**
 * Opens every pooled PostgreSQL connection now, so the first clicks after start-up do not
 * pay for connection set-up. SQLite has one in-process connection and needs nothing.
 */
async function warmUpPool(dataSource: DataSource, config: Config): Promise<void> {
  if (config.database.kind !== 'postgres') return;
  const connections = Array.from({ length: config.database.maxConnections }, () => dataSource.query('SELECT 1'));
  await Promise.all(connections);
}

function readConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nFix the values above (see .env.example) and start the bot again.\n`);
      process.exit(78);
    }
    throw error;
  }
}

interface ShutdownParts {
  client: Client;
  dataSource: DataSource;
  gate: InteractionGate;
  logger: Logger;
  config: Config;
}

/**
 * On SIGINT or SIGTERM: stop taking interactions, let those in flight finish (bounded by
 * SHUTDOWN_TIMEOUT_MS), destroy the client, close the database, flush the logs, exit 0.
 */
function installShutdown({ client, dataSource, gate, logger, config }: ShutdownParts): void {
  const log = logger.child({ module: 'shutdown' });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('Shutting down', { signal, inFlight: gate.pending });

    const unfinished = await gate.drain(config.shutdownTimeoutMs);
    if (unfinished > 0) log.warn('Interactions still running at the shutdown deadline', { unfinished, timeoutMs: config.shutdownTimeoutMs });
    await client.destroy().catch((error: unknown) => log.warn('Client did not close cleanly', { error: errorText(error) }));
    await dataSource.destroy().catch((error: unknown) => log.warn('Database did not close cleanly', { error: errorText(error) }));
    log.info('Stopped');
    await exitAfterLogs(logger, 0);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

/** Waits for winston to write what it has buffered, then exits. */
async function exitAfterLogs(logger: Logger, code: number): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
    setTimeout(resolve, 500).unref();
  });
  process.exit(code);
}

/** Adapts winston to the logger shape discordx calls, which passes loose arguments. */
function discordxLogger(logger: Logger) {
  const join = (args: unknown[]) => args.map((arg) => (typeof arg === 'string' ? arg : errorText(arg))).join(' ');
  return {
    error: (...args: unknown[]) => logger.error(join(args)),
    warn: (...args: unknown[]) => logger.warn(join(args)),
    info: (...args: unknown[]) => logger.info(join(args)),
    log: (...args: unknown[]) => logger.info(join(args)),
  };
}

void main();
