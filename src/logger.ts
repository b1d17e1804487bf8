import winston from 'winston';
import type { Config } from './config/config';

export type Logger = winston.Logger;

/** Text shaped like a bot token, removed from every log line should one slip into an error message or field. */
const TOKEN_PATTERN = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;
/** Fields nested deeper than this are logged unchanged, because the bot logs flat fields. */
const MAX_REDACT_DEPTH = 4;

/** Returns `value` with token-shaped text replaced in it and in its fields; objects are copied, never changed. */
function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_PATTERN, '[redacted token]');
  if (value === null || typeof value !== 'object' || depth >= MAX_REDACT_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, redact(field, depth + 1)]));
}

// The info object is winston's own, so its fields are replaced in place; its symbol keys stay.
const redactTokens = winston.format((info) => {
  for (const key of Object.keys(info)) info[key] = redact(info[key], 1);
  return info;
});

/** Builds the root logger: JSON lines in production, coloured single lines for a person at a terminal. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  const format =
    config.logFormat === 'json'
      ? winston.format.combine(winston.format.errors({ stack: true }), redactTokens(), winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.errors({ stack: true }),
          redactTokens(),
          winston.format.colorize(),
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.printf(({ timestamp, level, message, module, stack, ...fields }) => {
            const context = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
            const origin = module ? ` [${String(module)}]` : '';
            return `${String(timestamp)} ${level}${origin} ${String(message)}${context}${stack ? `\n${String(stack)}` : ''}`;
          }),
        );
  return winston.createLogger({
    level: config.logLevel,
    format,
    // Logs go to stdout so a process manager or container runtime collects them.
    transports: [new winston.transports.Console({ stderrLevels: [] })],
  });
}
