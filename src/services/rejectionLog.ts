import { inject, singleton } from 'tsyringe';
import type { Logger } from '../logger';
import { TOKENS } from '../tokens';

/** How often repeats are summed up in one line. */
const SUMMARY_INTERVAL_MS = 60_000;
/** Distinct keys tracked per interval; further keys are only counted, so memory stays bounded. */
const MAX_TRACKED_KEYS = 1000;

interface Entry {
  message: string;
  fields: Record<string, unknown>;
  repeats: number;
}

/**
 * Logs a warning the first time a key occurs in an interval, and afterwards one summary
 * line per key with the number of repeats. One broken panel clicked a thousand times a
 * minute then costs two log lines a minute instead of a thousand.
 */
@singleton()
export class RejectionLog {
  private readonly entries = new Map<string, Entry>();
  private untracked = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly log: Logger;

  readonly intervalMs = SUMMARY_INTERVAL_MS;
  readonly maxKeys = MAX_TRACKED_KEYS;

  constructor(@inject(TOKENS.Logger) logger: Logger) {
    this.log = logger.child({ module: 'role-clicks' });
  }

  warn(key: string, message: string, fields: Record<string, unknown>): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.repeats += 1;
      return;
    }
    if (this.entries.size >= this.maxKeys) {
      this.untracked += 1;
      return;
    }
    this.entries.set(key, { message, fields, repeats: 0 });
    this.log.warn(message, fields);
    this.startTimer();
  }

  /** Writes the summary lines and starts a new interval. */
  flush(): void {
    for (const entry of this.entries.values()) {
      if (entry.repeats > 0) {
        this.log.warn(`${entry.message} (repeated)`, { ...entry.fields, repeats: entry.repeats, intervalSeconds: this.intervalMs / 1000 });
      }
    }
    if (this.untracked > 0) {
      this.log.warn('More rejected role clicks than the log tracks separately', { untracked: this.untracked, maxKeys: this.maxKeys });
    }
    this.entries.clear();
    this.untracked = 0;
  }

  /** Writes what is pending and stops the timer. */
  close(): void {
    this.flush();
    this.stopTimer();
  }

  private startTimer(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      const idle = this.entries.size === 0;
      this.flush();
      if (idle) this.stopTimer();
    }, this.intervalMs);
    // A pending summary must not keep the process alive at shutdown.
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
