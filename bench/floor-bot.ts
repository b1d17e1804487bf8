/**
 * The floor the benchmark compares the bot with: the least a discord.js bot can do for a
 * role button. Guilds intent, default caches, no framework, no database. A click on
 * `floor:<roleId>` is deferred ephemerally, the member-role PUT is sent, and the reply is
 * edited. Usage: DISCORD_TOKEN=... DISCORD_API_URL=... node dist/bench/floor-bot.js
 */
import { performance } from 'node:perf_hooks';
import { Client, Events, GatewayIntentBits, MessageFlags, Routes } from 'discord.js';

/** Custom ids of the floor's buttons carry the role id itself, so no lookup is needed. */
const FLOOR_BUTTON = /^floor:(\d{17,20})$/;

function log(level: 'info' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, message, ...fields })}\n`);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const api = process.env.DISCORD_API_URL;
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: api ? { api } : {} });

  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isButton() || !interaction.inCachedGuild()) return;
    const match = FLOOR_BUTTON.exec(interaction.customId);
    if (!match) return;
    const roleId = match[1];
    const work = async () => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await client.rest.put(Routes.guildMemberRole(interaction.guildId, interaction.user.id, roleId), { reason: 'Role button click' });
      await interaction.editReply({ content: `Added <@&${roleId}>.`, allowedMentions: { parse: [] } });
    };
    work().catch((error: unknown) => log('error', 'Click failed', { error: error instanceof Error ? error.message : String(error) }));
  });

  const stop = () => {
    void client.destroy().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await client.login(process.env.DISCORD_TOKEN);
  log('info', 'Bot started', { readyMs: Math.round(performance.now() - startedAt), guilds: client.guilds.cache.size });
}

main().catch((error: unknown) => {
  log('error', 'Floor bot failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
