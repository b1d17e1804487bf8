import type { Logger } from '../../src/logger';

export interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Creates a logger stand-in that keeps every entry, for tests that check what was logged. */
export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const write = (level: string) => (message: string, fields: Record<string, unknown> = {}) => {
    entries.push({ level, message, fields });
  };
  const logger = {
    child: () => logger,
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
  };
  return { logger: logger as unknown as Logger, entries };
}
