import { ConfigError, loadConfig } from '../../src/config/config';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('loadConfig accepts', () => {
  it.each([
    ['only a token, with defaults', { DISCORD_TOKEN: TOKEN }, { database: { kind: 'sqlite', dataDir: './data', file: './data/role-panels.sqlite' }, logLevel: 'info' }],
    ['a REST base for the fake', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'http://127.0.0.1:4000/api/' }, { discordApiUrl: 'http://127.0.0.1:4000/api' }],
    [
      'a PostgreSQL URL with a pool size',
      { DISCORD_TOKEN: TOKEN, DATABASE_URL: 'postgres://bot@db:5432/rolebot', DATABASE_MAX_CONNECTIONS: '12' },
      { database: { kind: 'postgres', url: 'postgres://bot@db:5432/rolebot', maxConnections: 12 } },
    ],
    ['the default pool size', { DISCORD_TOKEN: TOKEN, DATABASE_URL: 'postgresql://db/x' }, { database: { kind: 'postgres', url: 'postgresql://db/x', maxConnections: 5 } }],
    ['a data folder', { DISCORD_TOKEN: TOKEN, DATA_DIR: '/var/lib/rolebot/' }, { database: { kind: 'sqlite', dataDir: '/var/lib/rolebot/', file: '/var/lib/rolebot/role-panels.sqlite' } }],
    ['log settings', { DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty' }, { logLevel: 'debug', logFormat: 'pretty' }],
    ['development guilds', { DISCORD_TOKEN: TOKEN, DEV_GUILD_IDS: '123456789012345678, 223456789012345678' }, { devGuildIds: ['123456789012345678', '223456789012345678'] }],
    ['blank optional values as unset', { DISCORD_TOKEN: TOKEN, DATABASE_URL: '', LOG_LEVEL: ' ' }, { database: { kind: 'sqlite', dataDir: './data', file: './data/role-panels.sqlite' }, logLevel: 'info' }],
  ])('%s', (_name, env, expected) => {
    const config = loadConfig(env);
    expect(config).toMatchObject(expected);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('needs no token for tools', () => {
    expect(loadConfig({}, { requireToken: false }).discordToken).toBeUndefined();
  });
});

describe('loadConfig rejects', () => {
  it.each([
    ['a missing token', { DISCORD_TOKEN: '' }, 'DISCORD_TOKEN is missing'],
    ['a token with spaces', { DISCORD_TOKEN: 'abc def' }, 'DISCORD_TOKEN=(hidden) contains white space'],
    ['an API URL that is not a URL', { DISCORD_API_URL: 'discord' }, 'DISCORD_API_URL="discord" is not a valid URL'],
    ['an API URL with a version', { DISCORD_API_URL: 'https://discord.com/api/v10' }, 'ends with an API version'],
    ['a MySQL database URL', { DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL="mysql://db/x" is not a valid URL; use postgres://'],
    ['a pool size that is not a number', { DATABASE_MAX_CONNECTIONS: 'five' }, 'DATABASE_MAX_CONNECTIONS="five" is not a number'],
    ['a pool size of zero', { DATABASE_MAX_CONNECTIONS: '0' }, 'DATABASE_MAX_CONNECTIONS="0" is below 1'],
    ['a fractional pool size', { DATABASE_MAX_CONNECTIONS: '2.5' }, 'is not a whole number'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" is not a log level'],
    ['an unknown log format', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT="xml" is not a log format; use json or pretty'],
    ['a guild id that is not a snowflake', { DEV_GUILD_IDS: '123,abc' }, 'DEV_GUILD_IDS="123,abc" must be a comma-separated list of guild ids'],
    ['a negative shutdown timeout', { SHUTDOWN_TIMEOUT_MS: '-1' }, 'SHUTDOWN_TIMEOUT_MS="-1" is below 0'],
  ])('%s', (_name, env, message) => {
    const attempt = () => loadConfig({ DISCORD_TOKEN: TOKEN, ...env } as NodeJS.ProcessEnv);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('never shows the token', () => {
    const secret = 'secret token value';
    expect(() => loadConfig({ DISCORD_TOKEN: secret })).toThrow(ConfigError);
    try {
      loadConfig({ DISCORD_TOKEN: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('hides a database password', () => {
    const attempt = () => loadConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: 'postgres//bob:hunter2@127.0.0.1/db' });
    expect(attempt).toThrow('DATABASE_URL="postgres//bob:(hidden)@127.0.0.1/db" is not a valid URL');
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });
});
