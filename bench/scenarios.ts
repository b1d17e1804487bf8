import type { RateLimitSettings } from '../tests/fake-discord';
import type { StepOptions } from './load';

/** Discord's global limit for a bot: about 50 authenticated requests per second. */
export const DISCORD_GLOBAL_PER_SECOND = 50;

/**
 * Limits that look like Discord's during a burst. The global limit is documented. Discord
 * reports `X-RateLimit-Limit: 10` on the member-role bucket but does not document its window.
 * NOTE: the one-second window is an assumption. A longer window only makes the drain slower.
 */
export const DISCORD_LIKE_LIMITS: RateLimitSettings = {
  globalPerSecond: DISCORD_GLOBAL_PER_SECOND,
  memberRolePerGuild: { limit: 10, windowMs: 1000 },
};

/** Maximum wait for replies after a step's last click: every request through a 50/s queue, twice, plus slack. */
function drainFor(clicks: number): number {
  return Math.ceil(((2 * clicks) / DISCORD_GLOBAL_PER_SECOND) * 1000) + 10_000;
}

function fixedLoad(ratePerSecond: number, seconds: number): StepOptions {
  const clicks = ratePerSecond * seconds;
  return { name: `${ratePerSecond}/s`, ratePerSecond, clicks, rateLimits: null, drainTimeoutMs: drainFor(clicks) };
}

export interface BenchPlan {
  smoke: boolean;
  /** Time between "Bot started" and the idle RSS reading. */
  settleMs: number;
  steps: StepOptions[];
  /** Rates tried first in the search for the highest rate with ack p99 within the budget; empty skips the search. */
  searchRates: number[];
  /** Length of one search probe. */
  probeSeconds: number;
  /** `/panel edit` commands the admin runs, open-loop at `editorPerSecond`. */
  editorCommands: number;
  editorPerSecond: number;
  engines: Array<'postgres' | 'sqlite'>;
}

/**
 * The full plan: fixed loads without enforced limits (the bot's own 50/s limiter still
 * queues role requests above 50 clicks/s), the role-request budget inside Discord's global
 * limit, and a burst under Discord-like limits. Around eight to ten minutes on 2 cores.
 */
export const FULL_PLAN: BenchPlan = {
  smoke: false,
  settleMs: 5000,
  steps: [
    // Reported on its own: the first clicks after start-up meet cold code and a new connection.
    { ...fixedLoad(20, 5), name: 'first 100 clicks, 20/s' },
    fixedLoad(10, 10),
    {
      name: '40/s, global limit',
      ratePerSecond: 40,
      clicks: 400,
      rateLimits: { globalPerSecond: DISCORD_GLOBAL_PER_SECOND },
      drainTimeoutMs: drainFor(400),
    },
    fixedLoad(100, 10),
    fixedLoad(500, 3),
    { name: 'burst 150 in 1 s, Discord-like limits', ratePerSecond: 150, clicks: 150, rateLimits: DISCORD_LIKE_LIMITS, drainTimeoutMs: 30_000 },
  ],
  searchRates: [100, 200, 400, 800],
  probeSeconds: 3,
  editorCommands: 200,
  editorPerSecond: 20,
  engines: ['postgres', 'sqlite'],
};

/**
 * Narrows a plan for profiling or a quicker look, from the environment: BENCH_ENGINES
 * (comma-separated), BENCH_STEPS (a regular expression the step names must match) and
 * BENCH_SEARCH=0 to skip the rate search.
 */
export function narrowPlan(plan: BenchPlan, env: NodeJS.ProcessEnv): BenchPlan {
  const engines = env.BENCH_ENGINES ? (env.BENCH_ENGINES.split(',').map((engine) => engine.trim()) as BenchPlan['engines']) : plan.engines;
  const unknown = engines.filter((engine) => engine !== 'postgres' && engine !== 'sqlite');
  if (unknown.length > 0) throw new Error(`BENCH_ENGINES contains ${unknown.join(', ')}; use postgres, sqlite or both, comma-separated`);
  const stepPattern = env.BENCH_STEPS ? new RegExp(env.BENCH_STEPS) : null;
  return {
    ...plan,
    engines,
    steps: stepPattern ? plan.steps.filter((step) => stepPattern.test(step.name)) : plan.steps,
    searchRates: env.BENCH_SEARCH === '0' ? [] : plan.searchRates,
  };
}

/** A run of a few seconds that only shows the bench still works: SQLite, one small load, no search. */
export const SMOKE_PLAN: BenchPlan = {
  smoke: true,
  settleMs: 1000,
  steps: [{ name: 'smoke 10/s', ratePerSecond: 10, clicks: 20, rateLimits: null, drainTimeoutMs: 10_000 }],
  searchRates: [],
  probeSeconds: 0,
  editorCommands: 5,
  editorPerSecond: 5,
  engines: ['sqlite'],
};
