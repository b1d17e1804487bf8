import { z } from 'zod';

/** Log levels winston's npm preset understands, lowest verbosity first. */
const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

const snowflake = /^\d{17,20}$/;

/** Treats an empty string like an unset variable, the way a blank line in `.env` is meant. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const urlWithProtocol = (protocols: string[], hint: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `is not a valid URL; ${hint}` },
  );

const schema = z.object({
  DISCORD_TOKEN: optional(
    z
      .string()
      .trim()
      .refine((token) => !/\s/.test(token), { message: 'contains white space; paste the bot token from the Developer Portal without spaces' }),
  ),
  DISCORD_API_URL: optional(
    urlWithProtocol(['http:', 'https:'], 'set the REST base without the version, for example https://discord.com/api').refine(
      (value) => !/\/v\d+\/?$/.test(value),
      { message: 'ends with an API version; leave the version out, for example https://discord.com/api' },
    ),
  ),
  DATABASE_URL: optional(urlWithProtocol(['postgres:', 'postgresql:'], 'use postgres://user:password@host:5432/database, or unset it for the embedded SQLite file')),
  DATABASE_MAX_CONNECTIONS: optional(
    z.coerce
      .number({ message: 'is not a number; set a whole number from 1 to 100' })
      .int({ message: 'is not a whole number; set a whole number from 1 to 100' })
      .min(1, { message: 'is below 1; set a whole number from 1 to 100' })
      .max(100, { message: 'is above 100; set a whole number from 1 to 100' }),
  ),
  DATA_DIR: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `is not a log level; use one of ${LOG_LEVELS.join(', ')}` })),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'], { message: 'is not a log format; use json or pretty' })),
  DEV_GUILD_IDS: optional(
    z
      .string()
      .transform((value) => value.split(',').map((id) => id.trim()).filter((id) => id !== ''))
      .refine((ids) => ids.every((id) => snowflake.test(id)), {
        message: 'must be a comma-separated list of guild ids (17 to 20 digits each)',
      }),
  ),
  SHUTDOWN_TIMEOUT_MS: optional(
    z.coerce
      .number({ message: 'is not a number; set milliseconds from 0 to 60000' })
      .int({ message: 'is not a whole number; set milliseconds from 0 to 60000' })
      .min(0, { message: 'is below 0; set milliseconds from 0 to 60000' })
      .max(60000, { message: 'is above 60000; set milliseconds from 0 to 60000' }),
  ),
});

export interface Config {
  readonly discordToken: string | undefined;
  /** REST base without the version, as discord.js takes it in `rest.api`; undefined keeps the library's default. */
  readonly discordApiUrl: string | undefined;
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly maxConnections: number }
    | { readonly kind: 'sqlite'; readonly dataDir: string; readonly file: string };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly logFormat: 'json' | 'pretty';
  /** Guilds that get the commands registered directly, which Discord applies at once (global commands can take up to an hour). */
  readonly devGuildIds: readonly string[];
  readonly shutdownTimeoutMs: number;
}

/** Error whose message lists every invalid variable with its problem and fix. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Shows a value in an error message, except secrets. */
function describeValue(name: string, value: unknown): string {
  if (name === 'DISCORD_TOKEN') return '(hidden)';
  // A connection string may carry a password, also when it is malformed.
  if (name === 'DATABASE_URL' && typeof value === 'string') return JSON.stringify(value.replace(/:[^:@/]*@/, ':(hidden)@'));
  return JSON.stringify(value);
}

export interface LoadConfigOptions {
  /** The bot itself needs a token; tools such as the migration CLI do not. */
  readonly requireToken: boolean;
}

/**
 * Validates the environment once and returns a frozen, typed configuration.
 * Throws ConfigError naming each invalid variable, the problem and the fix.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = { requireToken: true }): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(`${name}=${describeValue(name, env[name])} ${issue.message}`);
    }
  }
  if (options.requireToken && (env.DISCORD_TOKEN ?? '').trim() === '') {
    problems.push('DISCORD_TOKEN is missing; set it to the bot token from the Discord Developer Portal (Bot, Reset Token)');
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const values = parsed.data;
  const dataDir = values.DATA_DIR ?? './data';
  const config: Config = {
    discordToken: values.DISCORD_TOKEN,
    discordApiUrl: values.DISCORD_API_URL?.replace(/\/+$/, ''),
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL, maxConnections: values.DATABASE_MAX_CONNECTIONS ?? 5 }
      : { kind: 'sqlite', dataDir, file: `${dataDir.replace(/\/+$/, '')}/role-panels.sqlite` },
    logLevel: values.LOG_LEVEL ?? 'info',
    logFormat: values.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    devGuildIds: Object.freeze(values.DEV_GUILD_IDS ?? []),
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS ?? 10000,
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
