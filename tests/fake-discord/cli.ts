/**
 * Starts the fake Discord on its own with a demo guild, for running the bot
 * by hand against it. Usage: node dist/tests/fake-discord/cli.js [--port N]
 * (or FAKE_DISCORD_PORT). Stops on SIGINT or SIGTERM.
 */
import { DiscordDriver } from './driver';
import { FakeDiscord } from './server';

function parsePort(argv: string[]): number {
  const flagIndex = argv.indexOf('--port');
  const raw = flagIndex >= 0 ? argv[flagIndex + 1] : process.env.FAKE_DISCORD_PORT;
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port "${raw}": pass --port or FAKE_DISCORD_PORT as an integer from 0 to 65535 (0 picks a free port)`);
  }
  return port;
}

async function main(): Promise<void> {
  const fake = new FakeDiscord({ port: parsePort(process.argv.slice(2)) });
  await fake.start();
  const fixture = new DiscordDriver(fake).setupGuild({ name: 'Demo Guild' });

  console.log(`fake-discord listening on ${fake.baseUrl}`);
  console.log(`  api url (discord.js rest.api): ${fake.apiUrl}`);
  console.log(`  bot token: ${fake.token}`);
  console.log(`  application id: ${fake.applicationId}`);
  console.log(`  demo guild: ${fixture.guildId} (#general ${fixture.channels.general.id})`);
  console.log(`  assignable roles: red ${fixture.roles.red.id}, green ${fixture.roles.green.id}, blue ${fixture.roles.blue.id}`);

  const shutdown = (signal: string): void => {
    console.log(`fake-discord stopping on ${signal}`);
    fake.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('fake-discord failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('fake-discord failed to start:', error);
  process.exit(1);
});
