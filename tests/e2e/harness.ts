import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DiscordDriver, FakeDiscord, type GuildFixture } from '../fake-discord';
import { createTestDatabase, type Engine, type TestDatabase } from '../support/databases';

/** Finds the project folder: the nearest folder above `start` with a package.json (this file also runs compiled, from dist/). */
function findProjectRoot(start: string): string {
  let folder = start;
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

const PROJECT_ROOT = findProjectRoot(__dirname);

/** The compiled entry point `npm start` runs. */
export const BOT_ENTRY = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');

/**
 * Returns the Node.js options of the `start` script (memory and GC flags), so the bot runs
 * here as `npm start` runs it. The script has the form `node [options] dist/src/main.js`.
 */
export function startScriptNodeOptions(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = manifest.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'dist/src/main.js') {
    throw new Error(`the start script "${manifest.scripts.start}" is not "node [options] dist/src/main.js"; update the harness`);
  }
  return words.slice(1, -1);
}

/** One JSON log line of the bot, as winston writes it with LOG_FORMAT=json. */
export interface BotLogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** The bot running as a child process, exactly as `npm start` runs it. */
export class BotProcess {
  readonly logs: BotLogLine[] = [];
  /** Lines that were not JSON log lines (stderr, crashes). */
  readonly rawOutput: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.collect(child.stdout);
    this.collect(child.stderr);
    void this.exited.then(() => this.notify());
  }

  /** Waits for a log line matching `predicate`; rejects on timeout or if the process exits first. */
  async waitForLog(predicate: (line: BotLogLine) => boolean, timeoutMs = 15000): Promise<BotLogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(predicate);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`bot exited (code ${this.child.exitCode}, signal ${this.child.signalCode}) before the expected log line.\n${this.tail()}`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for a bot log line.\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 250));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  /** Sends `signal` and waits for the exit code; kills the process if it outlives `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** Returns the last log lines and raw output, for failure messages. */
  tail(count = 30): string {
    const lines = [...this.logs.map((line) => JSON.stringify(line)), ...this.rawOutput];
    return lines.slice(-count).join('\n');
  }

  private collect(stream: NodeJS.ReadableStream | null): void {
    if (!stream) return;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        this.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
      this.notify();
    });
  }

  private parse(line: string): void {
    if (line.trim() === '') return;
    try {
      const parsed = JSON.parse(line) as BotLogLine;
      if (typeof parsed.level === 'string' && typeof parsed.message === 'string') {
        this.logs.push(parsed);
        return;
      }
    } catch {
      // Not a log line: kept as raw output below.
    }
    this.rawOutput.push(line);
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }
}

export interface StartBotOptions {
  fake: FakeDiscord;
  database: TestDatabase;
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /** Waits for the "Bot started" line (after command registration); false returns at once. */
  waitUntilStarted?: boolean;
}

/** Starts `node dist/src/main.js` against the fake Discord and the given database. */
export async function startBot({ fake, database, env = {}, waitUntilStarted = true }: StartBotOptions): Promise<BotProcess> {
  if (!fs.existsSync(BOT_ENTRY)) throw new Error(`${BOT_ENTRY} does not exist: run \`npm run build\` first (npm test does).`);
  const child = spawn(process.execPath, [...startScriptNodeOptions(), BOT_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...database.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot = new BotProcess(child);
  if (waitUntilStarted) await bot.waitForLog((line) => line.message === 'Bot started');
  return bot;
}

/** A fake Discord with a seeded guild, a fresh database, and the bot logged in to both. */
export interface World {
  engine: Engine;
  fake: FakeDiscord;
  driver: DiscordDriver;
  guild: GuildFixture;
  database: TestDatabase;
  bot: BotProcess;
  /** Bot processes that `restartBot` replaced, oldest first, so a test can read their logs. */
  previousBots: BotProcess[];
  /** Stops the bot (SIGTERM) and starts a new process on the same database and fake. */
  restartBot(env?: Record<string, string>): Promise<BotProcess>;
  /** Stops the bot, the fake and drops the database. */
  close(): Promise<void>;
}

export interface StartWorldOptions {
  env?: Record<string, string>;
  /** Runs after the guild is seeded and before the bot starts, to add guilds, roles or members. */
  prepare?: (fake: FakeDiscord, driver: DiscordDriver, guild: GuildFixture) => void | Promise<void>;
  /** The driver's default wait, in milliseconds. */
  timeoutMs?: number;
}

/** Starts the fake, seeds a guild, creates a database and starts the bot on them. */
export async function startWorld(engine: Engine, options: StartWorldOptions = {}): Promise<World> {
  const fake = new FakeDiscord();
  await fake.start();
  const driver = new DiscordDriver(fake, { timeoutMs: options.timeoutMs ?? 5000 });
  const guild = driver.setupGuild();
  const database = await createTestDatabase(engine);
  await options.prepare?.(fake, driver, guild);

  const world: World = {
    engine,
    fake,
    driver,
    guild,
    database,
    bot: await startBot({ fake, database, env: options.env }).catch(async (error: unknown) => {
      await fake.stop();
      await database.drop();
      throw error;
    }),
    previousBots: [],
    async restartBot(env = options.env) {
      await world.bot.stop();
      world.previousBots.push(world.bot);
      world.bot = await startBot({ fake, database, env });
      return world.bot;
    },
    async close() {
      await world.bot.stop();
      await fake.stop();
      await database.drop();
      // A route the fake does not know is a request real Discord would reject or that the fake misses.
      if (fake.unknownRoutes.length > 0) {
        throw new Error(`the bot called routes the fake Discord does not know: ${JSON.stringify(fake.unknownRoutes.slice(0, 5))}`);
      }
    },
  };
  return world;
}
