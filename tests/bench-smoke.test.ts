import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchReport } from '../bench/report';

const RUNNER = path.resolve(__dirname, '..', 'dist', 'bench', 'run.js');

/**
 * Runs the benchmark's smoke mode (SQLite, a few clicks, the floor bot too) so the bench
 * cannot rot. It checks only that figures came out and no click was lost: timing belongs
 * to the benchmark itself, not to a test.
 */
describe('bench smoke run', () => {
  let report: BenchReport;
  let outputDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(RUNNER)) throw new Error(`${RUNNER} does not exist: run \`npm run build\` first (npm test does)`);
    outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
    const output = path.join(outputDir, 'smoke.json');
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [RUNNER],
        { env: { ...process.env, BENCH_SMOKE: '1', BENCH_OUTPUT: output }, timeout: 90_000 },
        (error, _stdout, stderr) => (error ? reject(new Error(`bench smoke run failed: ${error.message}\n${stderr}`)) : resolve()),
      );
    });
    report = JSON.parse(fs.readFileSync(output, 'utf8')) as BenchReport;
  }, 120_000);

  afterAll(() => {
    if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
  });

  it('measures ours and the floor', () => {
    expect(report.smoke).toBe(true);
    expect(report.runs.map((run) => run.label)).toEqual(['ours (sqlite)', 'floor']);
  });

  it('loses no click', () => {
    for (const run of report.runs) {
      for (const step of run.steps) {
        expect({ run: run.label, step: step.name, lost: step.lost, failed: step.failed, notSent: step.notSent }).toEqual({
          run: run.label,
          step: step.name,
          lost: 0,
          failed: 0,
          notSent: 0,
        });
      }
    }
  });

  it('reports every figure', () => {
    for (const run of report.runs) {
      expect(run.idleRssMb).toBeGreaterThan(0);
      expect(run.startup.spawnToIdentifyMs).not.toBeNull();
      for (const step of run.steps) {
        expect(step.ackMs.count).toBe(step.clicks);
        expect(step.roleRequestMs.count).toBe(step.clicks);
        expect(step.finalReplyMs.count).toBe(step.clicks);
        expect(step.peakRssMb).toBeGreaterThan(0);
      }
    }
  });

  it('writes the Markdown tables', () => {
    const markdown = fs.readFileSync(path.join(outputDir, 'smoke.md'), 'utf8');
    expect(markdown).toContain('| figure | ours (sqlite) | floor | ours (sqlite) / floor |');
  });
});
