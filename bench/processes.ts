import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BotProcess } from '../tests/e2e/harness';
import type { FakeDiscord } from '../tests/fake-discord';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The compiled minimal discord.js bot the figures are compared with. */
export const FLOOR_ENTRY = path.join(ROOT, 'dist', 'bench', 'floor-bot.js');

/** The command `npm start` runs: node's own flags and the entry script. */
export interface StartCommand {
  nodeArgs: string[];
  entry: string;
  /** The script as written in package.json. */
  script: string;
}

/**
 * Reads the `start` script from package.json, so the bench runs the bot with exactly the
 * flags a deployment gets. Only the shape `node [flags...] <entry>` is understood.
 */
export function readStartCommand(): StartCommand {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.start;
  if (script === undefined) throw new Error('package.json has no start script; the bench runs the bot as `npm start` does');
  const words = script.trim().split(/\s+/);
  const entry = words[words.length - 1];
  const flags = words.slice(1, -1);
  if (words[0] !== 'node' || !entry.endsWith('.js') || flags.some((flag) => !flag.startsWith('--'))) {
    throw new Error(`the start script "${script}" is not of the form \`node [--flags...] <entry>.js\`; update bench/processes.ts to run it`);
  }
  return { nodeArgs: flags, entry: path.join(ROOT, entry), script };
}

/** A bot under measurement: ours (`npm start`) or the plain discord.js floor. */
export type BotKind = 'ours' | 'floor';

export interface SpawnedBot {
  kind: BotKind;
  process: BotProcess;
  pid: number;
  /** process.hrtime.bigint() just before the spawn. */
  spawnedAt: bigint;
}

/**
 * Starts a bot as its own process against the fake. Logs are JSON at level info, as in a
 * deployment; debug logging would add a line per click to the measured path.
 */
export function spawnBot(kind: BotKind, fake: FakeDiscord, env: Record<string, string>): SpawnedBot {
  const start = readStartCommand();
  const entry = kind === 'ours' ? start.entry : FLOOR_ENTRY;
  if (!fs.existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first (npm run bench does)`);

  const spawnedAt = process.hrtime.bigint();
  const extraArgs = process.env.BENCH_BOT_NODE_ARGS?.split(/\s+/).filter((arg) => arg !== '') ?? [];
  const child = spawn(process.execPath, [...start.nodeArgs, ...extraArgs, entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  return { kind, process: new BotProcess(child), pid: child.pid, spawnedAt };
}

/** Reads VmRSS of a process from /proc, in MB; null once the process is gone. */
export function readRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Reads the CPU time (user plus system) a process has used, in milliseconds; null once it is gone. */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // Linux reports CPU time in clock ticks of 1/100 s on every common configuration.
    return ticks * 10;
  } catch {
    return null;
  }
}

/** Reads the CPU time all processes on the machine have used, in milliseconds, from /proc/stat. */
export function readMachineCpuMs(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    // user, nice, system, idle, iowait, irq, softirq, steal: everything but idle and iowait is busy.
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) * 10;
  } catch {
    return null;
  }
}

/** Samples a process's RSS at a fixed interval and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peakMb = 0;
  lastMb = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.peakMb;
  }

  private sample(): void {
    const rss = readRssMb(this.pid);
    if (rss === null) return;
    this.lastMb = rss;
    if (rss > this.peakMb) this.peakMb = rss;
  }
}
