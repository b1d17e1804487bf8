import winston from 'winston';
import type { Config } from './config/config';

export type Logger = winston.Logger;

/** Removes anything that looks like a bot token from a log line, should one slip into an error message. */
const TOKEN_PATTERN = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;
const redactTokens = winston.format((info) => {
  if (typeof info.message === 'string') info.message = info.message.replace(TOKEN_PATTERN, '[redacted token]');
  if (typeof info.stack === 'string') info.stack = info.stack.replace(TOKEN_PATTERN, '[redacted token]');
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
