import type { BotLogLine } from '../tests/e2e/harness';
import { createTestDatabase, type TestDatabase } from '../tests/support/databases';
import { runStep, type StepResult } from './load';
import { readRssMb, spawnBot, type BotKind, type SpawnedBot } from './processes';
import type { BenchPlan } from './scenarios';
import { elapsedMs, type Percentiles } from './stats';
import { postFloorPanel, seedPanel, startWorld, type BenchWorld, type ClickTarget } from './world';

/** The ack budget the search measures against: p99 within 10 ms of the gateway dispatch. */
export const ACK_P99_BUDGET_MS = 10;

/** Start-up of one bot process, from its own log and from the fake's side. */
export interface StartupFigures {
  /** From the bot's "Bot started" line: main() to login resolved (READY and every GUILD_CREATE). Null for the floor. */
  readyMs: number | null;
  /** From the same line: main() to commands registered. Null for the floor, which registers none. */
  startupMs: number | null;
  /** Spawn to the fake sending READY, which it does in the same tick as it receives IDENTIFY. */
  spawnToIdentifyMs: number | null;
  /** Spawn to the command registration PUT arriving at the fake. */
  spawnToCommandsMs: number | null;
  /** Spawn to the bench reading the "Bot started" line. */
  spawnToStartedMs: number;
}

export interface SearchProbe {
  ratePerSecond: number;
  sentPerSecond: number;
  ackP99Ms: number | null;
  lost: number;
  passed: boolean;
}

export interface RateSearch {
  /** The highest probed rate whose ack p99 stayed within the budget with no click lost; null when none did. */
  maxRatePerSecond: number | null;
  /** True when the load generator, not the bot, could not go faster. */
  limitedByGenerator: boolean;
  probes: SearchProbe[];
  /** Start-up of each probe's fresh process on the already migrated database. */
  restarts: StartupFigures[];
}

/** Latency of `/panel edit` from dispatch to the editor reply; `measured` is false until the command exists. */
export type EditorFigures = { measured: true; displayMs: Percentiles; peakRssMb: number } | { measured: false; reason: string };

export interface BotRun {
  label: string;
  kind: BotKind;
  engine: 'postgres' | 'sqlite' | null;
  startup: StartupFigures;
  idleRssMb: number;
  steps: StepResult[];
  editor: EditorFigures;
  search: RateSearch | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One bot under measurement, with its own fake Discord and, for ours, its own database. */
export class BenchSession {
  private bot: SpawnedBot | null = null;
  private target: ClickTarget | null = null;

  private constructor(
    readonly kind: BotKind,
    readonly world: BenchWorld,
    readonly database: TestDatabase | null,
  ) {}

  static async open(kind: BotKind, engine: 'postgres' | 'sqlite' | null): Promise<BenchSession> {
    const world = await startWorld();
    const database = kind === 'ours' && engine !== null ? await createTestDatabase(engine) : null;
    return new BenchSession(kind, world, database);
  }

  get clickTarget(): ClickTarget {
    if (this.target === null) throw new Error('preparePanel() must run first');
    return this.target;
  }

  get running(): SpawnedBot {
    if (this.bot === null) throw new Error('no bot is running in this session');
    return this.bot;
  }

  /** Starts the bot and waits for its "Bot started" line; `env` adds variables for this start only. */
  async start(env: Record<string, string> = {}): Promise<StartupFigures> {
    this.world.fake.recorder.clear();
    const bot = spawnBot(this.kind, this.world.fake, { ...(this.database?.env ?? {}), ...env });
    this.bot = bot;
    const started = await bot.process.waitForLog((line) => line.message === 'Bot started', 30_000);
    return this.startupFigures(bot, started, process.hrtime.bigint());
  }

  async stop(): Promise<void> {
    if (this.bot === null) return;
    const code = await this.bot.process.stop('SIGTERM', 5000);
    if (code !== 0) process.stderr.write(`${this.kind} bot exited with code ${code}; last output:\n${this.bot.process.tail(10)}\n`);
    this.bot = null;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.world.fake.stop();
    await this.database?.drop();
  }

  /** Posts the panel the load clicks: seeded in the bot's database for ours, or the floor's own buttons. */
  async preparePanel(): Promise<ClickTarget> {
    this.target = this.database ? await seedPanel(this.world, this.database) : await postFloorPanel(this.world);
    return this.target;
  }

  /** Waits for start-up work to settle and reads the bot's RSS. */
  async idleRss(settleMs: number): Promise<number> {
    await sleep(settleMs);
    const rss = readRssMb(this.running.pid);
    if (rss === null) throw new Error(`the ${this.kind} bot exited while idle:\n${this.running.process.tail(10)}`);
    return Math.round(rss * 10) / 10;
  }

  async step(options: Parameters<typeof runStep>[3]): Promise<StepResult> {
    if (this.target === null) throw new Error('preparePanel() must run before a load step');
    return runStep(this.world, this.running, this.target, options);
  }

  /**
   * Finds the highest click rate whose ack p99 stays within the budget. Each probe runs on a
   * fresh process, because above 50 clicks/s role requests queue in the bot's REST limiter
   * and would spill into the next probe: doubling from the first rate, then two bisections.
   */
  async searchMaxRate(plan: BenchPlan): Promise<RateSearch> {
    const probes: SearchProbe[] = [];
    const restarts: StartupFigures[] = [];
    let passed: number | null = null;
    let failed: number | null = null;
    let limitedByGenerator = false;

    const probe = async (rate: number): Promise<boolean> => {
      await this.stop();
      restarts.push(await this.start({ SHUTDOWN_TIMEOUT_MS: '0' }));
      await sleep(1000);
      // Warms the JIT and the database connection, as a bot that has been running would be.
      await this.step({ name: 'warm-up', ratePerSecond: 50, clicks: 100, rateLimits: null, drainTimeoutMs: 5000 });
      const result = await this.step({
        name: `probe ${rate}/s`,
        ratePerSecond: rate,
        clicks: Math.round(rate * plan.probeSeconds),
        rateLimits: null,
        drainTimeoutMs: 3000,
        waitFor: 'ack',
      });
      const generatorKeptUp = result.sentPerSecond >= rate * 0.95 && result.notSent === 0;
      if (!generatorKeptUp) limitedByGenerator = true;
      const ok = generatorKeptUp && result.lost === 0 && result.ackMs.p99 !== null && result.ackMs.p99 <= ACK_P99_BUDGET_MS;
      probes.push({ ratePerSecond: rate, sentPerSecond: result.sentPerSecond, ackP99Ms: result.ackMs.p99, lost: result.lost, passed: ok });
      return ok;
    };

    for (const rate of plan.searchRates) {
      if (await probe(rate)) {
        passed = rate;
      } else {
        failed = rate;
        break;
      }
    }
    for (let round = 0; round < 2 && failed !== null; round += 1) {
      const middle = Math.round(((passed ?? 0) + failed) / 2);
      if (middle === passed || middle === failed || middle <= 0) break;
      if (await probe(middle)) passed = middle;
      else failed = middle;
    }
    return { maxRatePerSecond: passed, limitedByGenerator: limitedByGenerator && failed !== null, probes, restarts };
  }

  private startupFigures(bot: SpawnedBot, started: BotLogLine, seenAt: bigint): StartupFigures {
    const { recorder } = this.world.fake;
    const ready = recorder.dispatches.find((dispatch) => dispatch.event === 'READY' && dispatch.sentAt >= bot.spawnedAt);
    const commands = recorder.requests.find(
      (request) => request.method === 'PUT' && /\/commands$/.test(request.path) && request.receivedAt >= bot.spawnedAt,
    );
    const logged = (value: unknown) => (typeof value === 'number' ? value : null);
    const since = (at: bigint | undefined) => (at === undefined ? null : Math.round(elapsedMs(bot.spawnedAt, at)));
    return {
      readyMs: logged(started.readyMs),
      startupMs: logged(started.startupMs),
      spawnToIdentifyMs: since(ready?.sentAt),
      spawnToCommandsMs: since(commands?.receivedAt),
      spawnToStartedMs: Math.round(elapsedMs(bot.spawnedAt, seenAt)),
    };
  }
}
