import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { StepResult } from './load';
import { ROOT } from './processes';
import type { BotRun } from './session';
import { ACK_P99_BUDGET_MS } from './session';
import type { Percentiles } from './stats';
import { ratio } from './stats';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface BenchReport {
  generatedAt: string;
  smoke: boolean;
  machine: Machine;
  commit: string;
  /** True when src/, migrations/ or package.json had changes not yet committed when the bench ran. */
  uncommittedChanges: boolean;
  startScript: string;
  runs: BotRun[];
  budgets: BudgetCheck[];
}

export interface BudgetCheck {
  run: string;
  budget: string;
  value: number | null;
  limit: number;
  met: boolean | null;
}

export function describeMachine(): Machine {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpuModel: model.trim(),
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function describeSource(): { commit: string; uncommittedChanges: boolean } {
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  return { commit, uncommittedChanges: git(['status', '--porcelain', '--', 'src', 'migrations', 'package.json']) !== '' };
}

const stepNamed = (run: BotRun, name: string): StepResult | undefined => run.steps.find((step) => step.name === name);

/** Checks the design's budgets for one run of ours. */
export function checkBudgets(run: BotRun): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const add = (budget: string, value: number | null | undefined, limit: number) => {
    const known = value === undefined ? null : value;
    checks.push({ run: run.label, budget, value: known, limit, met: known === null ? null : known <= limit });
  };
  add(`ack p99 at 100 clicks/s (ms)`, stepNamed(run, '100/s')?.ackMs.p99, ACK_P99_BUDGET_MS);
  add('role request p99 at 40 clicks/s, global limit enforced (ms)', stepNamed(run, '40/s, global limit')?.roleRequestMs.p99, 20);
  add('editor display p99 (ms)', run.editor.measured ? run.editor.displayMs.p99 : null, 25);
  add('idle RSS, target (MB)', run.idleRssMb, 64);
  add('idle RSS, ceiling (MB)', run.idleRssMb, 128);
  const peak = Math.max(...run.steps.map((step) => step.peakRssMb), run.editor.measured ? run.editor.peakRssMb : 0);
  add('peak RSS under load, target (MB)', peak, 96);
  add('peak RSS under load, ceiling (MB)', peak, 128);
  add('start-up, spawn to commands registered (ms)', run.startup.spawnToStartedMs, 5000);
  const burst = run.steps.find((step) => step.name.startsWith('burst'));
  add('burst: slowest acknowledgement (ms)', burst?.ackMs.max, 3000);
  add('burst: clicks lost or failed', burst ? burst.lost + (burst.failed ?? 0) + burst.notSent : null, 0);
  return checks;
}

const format = (value: number | null | undefined, digits = 1): string => {
  if (value === null || value === undefined) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
};

const triple = (p: Percentiles): string => `${format(p.p50)} / ${format(p.p99)} / ${format(p.max)}`;

function describeMet(met: boolean | null): string {
  if (met === null) return 'not measured';
  return met ? 'yes' : 'no';
}

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

interface Metric {
  name: string;
  value: (run: BotRun) => number | null | undefined;
}

function summaryMetrics(runs: BotRun[]): Metric[] {
  const metrics: Metric[] = [
    { name: 'spawn to IDENTIFY (ms)', value: (run) => run.startup.spawnToIdentifyMs },
    { name: 'spawn to "Bot started" (ms)', value: (run) => run.startup.spawnToStartedMs },
    { name: 'restart: spawn to "Bot started", median (ms)', value: (run) => median(run.search?.restarts.map((figures) => figures.spawnToStartedMs)) },
    { name: 'idle RSS (MB)', value: (run) => run.idleRssMb },
  ];
  const stepNames = runs[0]?.steps.map((step) => step.name) ?? [];
  for (const name of stepNames) {
    metrics.push(
      { name: `${name}: ack p99 (ms)`, value: (run) => stepNamed(run, name)?.ackMs.p99 },
      { name: `${name}: role request p99 (ms)`, value: (run) => stepNamed(run, name)?.roleRequestMs.p99 },
      { name: `${name}: final reply p99 (ms)`, value: (run) => stepNamed(run, name)?.finalReplyMs.p99 },
      { name: `${name}: peak RSS (MB)`, value: (run) => stepNamed(run, name)?.peakRssMb },
      { name: `${name}: bot CPU while sending (% of a core)`, value: (run) => stepNamed(run, name)?.cpuPercent },
      { name: `${name}: bot CPU per click (ms)`, value: (run) => stepNamed(run, name)?.cpuMsPerClick },
    );
  }
  metrics.push({ name: `max clicks/s with ack p99 <= ${ACK_P99_BUDGET_MS} ms`, value: (run) => run.search?.maxRatePerSecond });
  return metrics;
}

function median(values: number[] | undefined): number | null {
  if (!values || values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Renders the report as Markdown: a summary with ratios to the floor, then every step of every run. */
export function renderMarkdown(report: BenchReport): string {
  const floor = report.runs.find((run) => run.kind === 'floor');
  const ours = report.runs.filter((run) => run.kind === 'ours');
  const ordered = [...ours, ...(floor ? [floor] : [])];
  const parts: string[] = [];

  const { machine } = report;
  parts.push(
    `Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.platform}; Node ${machine.node}; ` +
      `commit ${report.commit}${report.uncommittedChanges ? ' with uncommitted changes' : ''}; start script \`${report.startScript}\`; ${report.generatedAt}.`,
  );

  const header = ['figure', ...ordered.map((run) => run.label), ...(floor ? ours.map((run) => `${run.label} / floor`) : [])];
  const rows = summaryMetrics(ordered).map((metric) => [
    metric.name,
    ...ordered.map((run) => format(metric.value(run))),
    ...(floor ? ours.map((run) => format(ratio(metric.value(run), metric.value(floor)), 2)) : []),
  ]);
  parts.push(table(header, rows));

  for (const run of ordered) {
    const stepRows = run.steps.map((step) => [
      step.name,
      `${format(step.sentPerSecond)}`,
      triple(step.ackMs),
      triple(step.roleRequestMs),
      triple(step.finalReplyMs),
      format(step.replyAfterRoleMs.p99),
      `${step.lost} / ${step.failed ?? 'n/a'} / ${step.notSent}`,
      String(step.rateLimited),
      format(step.peakRssMb),
      format(step.cpuPercent),
      format(step.cpuMsPerClick, 2),
      `${format(step.benchLoopDelayMs.p99)} / ${format(step.benchLoopDelayMs.max)}`,
      format(step.otherCpuPercent),
    ]);
    parts.push(
      `${run.label}: start-up ${format(run.startup.spawnToStartedMs)} ms from spawn (by its own log, READY ${format(run.startup.readyMs)} ms ` +
        `and commands registered ${format(run.startup.startupMs)} ms after main() began), idle RSS ${format(run.idleRssMb)} MB` +
        `${run.editor.measured ? `, /panel edit p50/p99/max ${triple(run.editor.displayMs)} ms` : `; /panel edit not measured: ${run.editor.reason}`}.`,
    );
    parts.push(
      table(
        ['step', 'sent/s', 'ack p50/p99/max', 'role p50/p99/max', 'final p50/p99/max', 'reply after role p99', 'lost / failed / not sent', '429s', 'peak RSS MB', 'CPU % sending', 'CPU ms per click', 'bench loop delay p99/max', 'other CPU %'],
        stepRows,
      ),
    );
    if (run.search) {
      const probes = run.search.probes.map((probe) => `${probe.ratePerSecond}/s: p99 ${format(probe.ackP99Ms)} ms${probe.passed ? '' : ' (over)'}`).join(', ');
      parts.push(
        `Search: ${probes}${run.search.limitedByGenerator ? '; the load generator could not keep up with the last probe' : ''}.`,
      );
    }
    const failures = run.steps.flatMap((step) => step.failureSamples.map((sample) => `${step.name}: ${sample}`));
    if (failures.length > 0) parts.push(`Failures seen: ${failures.join('; ')}`);
  }

  if (report.budgets.length > 0) {
    parts.push(
      table(
        ['run', 'budget', 'measured', 'limit', 'met'],
        report.budgets.map((check) => [check.run, check.budget, format(check.value), String(check.limit), describeMet(check.met)]),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
