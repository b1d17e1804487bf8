/**
 * Benchmarks the bot against the fake Discord, on PostgreSQL and SQLite, and the plain
 * discord.js floor in the same conditions. The bot and the floor each run as their own
 * process; the fake and the load generator run in this one.
 *
 * Usage: npm run bench (builds first). BENCH_SMOKE=1 runs a few seconds on SQLite only.
 * BENCH_OUTPUT sets the JSON file (default bench/results/latest.json); a Markdown copy of
 * the tables is written next to it. BENCH_FLOOR=0 skips the floor bot, BENCH_BOT_NODE_ARGS
 * adds node flags to both bots (for example --cpu-prof), and narrowPlan lists the rest.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { measureEditor } from './editor';
import { readStartCommand, ROOT, type BotKind } from './processes';
import { checkBudgets, describeMachine, describeSource, renderMarkdown, type BenchReport } from './report';
import { FULL_PLAN, narrowPlan, SMOKE_PLAN, type BenchPlan } from './scenarios';
import { BenchSession, type BotRun } from './session';

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs every step of the plan against one bot, then the rate search, and stops the bot. */
async function measure(kind: BotKind, engine: 'postgres' | 'sqlite' | null, plan: BenchPlan): Promise<BotRun> {
  const label = kind === 'floor' ? 'floor' : `ours (${engine})`;
  log(`${label}: starting`);
  const session = await BenchSession.open(kind, engine);
  try {
    const startup = await session.start();
    await session.preparePanel();
    const idleRssMb = await session.idleRss(plan.settleMs);
    log(`${label}: started in ${startup.spawnToStartedMs} ms, idle RSS ${idleRssMb} MB`);

    const steps = [];
    for (const options of plan.steps) {
      const step = await session.step(options);
      log(`${label}: ${step.name}: ack p99 ${step.ackMs.p99} ms, role p99 ${step.roleRequestMs.p99} ms, lost ${step.lost}, failed ${step.failed}`);
      steps.push(step);
    }

    const editor = await measureEditor(session, plan);
    const search = plan.searchRates.length > 0 ? await session.searchMaxRate(plan) : null;
    if (search) {
      const found = search.maxRatePerSecond === null ? 'no probed rate' : `${search.maxRatePerSecond} clicks/s`;
      log(`${label}: highest rate with ack p99 in budget: ${found}`);
    }
    return { label, kind, engine, startup, idleRssMb, steps, editor, search };
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const plan = narrowPlan(process.env.BENCH_SMOKE === '1' ? SMOKE_PLAN : FULL_PLAN, process.env);
  const output = path.resolve(process.env.BENCH_OUTPUT ?? path.join(ROOT, 'bench', 'results', 'latest.json'));
  const startedAt = Date.now();

  const runs: BotRun[] = [];
  for (const engine of plan.engines) runs.push(await measure('ours', engine, plan));
  if (process.env.BENCH_FLOOR !== '0') runs.push(await measure('floor', null, plan));

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    smoke: plan.smoke,
    machine: describeMachine(),
    ...describeSource(),
    startScript: readStartCommand().script,
    runs,
    budgets: runs.filter((run) => run.kind === 'ours').flatMap(checkBudgets),
  };
  const markdown = renderMarkdown(report);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(output.replace(/\.json$/, '') + '.md', markdown);
  process.stdout.write(markdown);
  log(`done in ${Math.round((Date.now() - startedAt) / 1000)} s; wrote ${path.relative(process.cwd(), output)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
