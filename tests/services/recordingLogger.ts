import { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '../../src/logger';

export interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Creates a real winston logger at debug level that keeps every entry, for tests that check what was logged. */
export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _encoding, done) {
      // String keys only: winston adds symbol keys, and `module` comes from the child logger.
      const fields = Object.fromEntries(Object.entries(info).filter(([key]) => !['level', 'message', 'module'].includes(key)));
      entries.push({ level: String(info.level), message: String(info.message), fields });
      done();
    },
  });
  const logger = winston.createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: sink })] });
  return { logger, entries };
}
