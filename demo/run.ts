import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiscordDriver, FakeDiscord, type GuildFixture, type MemberRef, type ResponseView } from '../tests/fake-discord';
import { startBot, type BotProcess } from '../tests/e2e/harness';

/**
 * Plays a scripted session against a local simulation of Discord: the fake Discord from the
 * tests runs in this process, the real bot runs as `npm start` would, on a throwaway
 * SQLite file. Nothing leaves 127.0.0.1 and no token is needed.
 */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'role-panels-demo-'));
  const fake = new FakeDiscord();
  await fake.start();
  const driver = new DiscordDriver(fake, { timeoutMs: 5000 });
  const guild = driver.setupGuild({ name: 'Demo Server' });
  // Role and channel names by id, to print mentions the way the Discord client shows them.
  const names = new Map<string, string>(Object.values(guild.roles).map((role) => [role.id, `@${role.name}`]));
  for (const channel of Object.values(guild.channels)) names.set(channel.id, `#${channel.name}`);
  const people = new Map<string, string>([
    [guild.members.owner.userId, 'Ada (server owner)'],
    [guild.members.member.userId, 'Max'],
  ]);

  let bot: BotProcess | undefined;
  try {
    section('Starting the bot against the simulated Discord');
    bot = await startBot({
      fake,
      database: { engine: 'sqlite', config: { kind: 'sqlite', dataDir, file: path.join(dataDir, 'role-panels.sqlite') }, env: { DATA_DIR: dataDir }, drop: async () => undefined },
      env: { LOG_LEVEL: 'info' },
      waitUntilStarted: false,
    });
    await bot.waitForLog((line) => line.message === 'Bot started' || line.level === 'error', 20000);
    const started = bot.logs.find((line) => line.message === 'Bot started');
    if (!started) throw new Error(`the bot did not start:\n${bot.tail()}`);
    console.log(`The bot logged in and registered its commands in ${String(started.startupMs)} ms (SQLite file in ${dataDir}).`);

    const admin = guild.members.owner;
    section('Ada creates a panel: /panel create title:"Pick your colour" color:blurple');
    const created = await driver
      .runSlash(admin, 'panel', 'create', { title: 'Pick your colour', description: 'Click a button to get or drop a colour role.', color: 'blurple' })
      .final();
    show(people.get(admin.userId)!, created, names);
    const panelId = /panel (\d+)/i.exec(created.content + JSON.stringify(created.embeds))?.[1];
    if (!panelId) throw new Error('could not find the new panel id in the reply');

    for (const [role, emoji] of [
      [guild.roles.red, '🔴'],
      [guild.roles.green, '🟢'],
      [guild.roles.blue, '🔵'],
    ] as const) {
      section(`Ada adds a role: /panel add-role panel:${panelId} role:@${role.name} emoji:${emoji}`);
      show(people.get(admin.userId)!, await driver.runSlash(admin, 'panel', 'add-role', { panel: panelId, role: role.id, emoji }).final(), names);
    }

    section(`Ada tries a role above the bot: /panel add-role panel:${panelId} role:@${guild.roles.aboveBot.name}`);
    show(people.get(admin.userId)!, await driver.runSlash(admin, 'panel', 'add-role', { panel: panelId, role: guild.roles.aboveBot.id }).final(), names);

    section(`Ada posts it: /panel post panel:${panelId} channel:#${guild.channels.general.name}`);
    show(people.get(admin.userId)!, await driver.runSlash(admin, 'panel', 'post', { panel: panelId, channel: guild.channels.general.id }).final(), names);

    const posted = driver.channelMessages(guild.channels.general.id).at(-1);
    if (!posted) throw new Error('the panel was not posted');
    section(`What everyone sees in #${guild.channels.general.name}`);
    show('channel', posted, names);

    const max = guild.members.member;
    const lin = named(driver.addMember(guild.guildId, { username: 'lin' }), 'Lin', people);
    await click(driver, people, names, max, posted, guild.roles.red.name);
    await click(driver, people, names, lin, posted, guild.roles.green.name);
    await click(driver, people, names, max, posted, guild.roles.blue.name);
    await click(driver, people, names, max, posted, guild.roles.red.name);

    section(`Someone moves @${guild.roles.blue.name} above the bot's role in Server Settings, after the panel was posted`);
    fake.updateRole(guild.guildId, guild.roles.blue.id, { position: guild.roles.aboveBot.position + 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await click(driver, people, names, lin, posted, guild.roles.blue.name);

    section('Role changes the bot made (as the audit log records them)');
    printRoleChanges(fake, people, names);
    section('Done: the bot runs the same way against the real Discord once you set DISCORD_TOKEN (see README).');
  } finally {
    if (bot) await bot.stop();
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function named(member: MemberRef, name: string, people: Map<string, string>): MemberRef {
  people.set(member.userId, name);
  return member;
}

async function click(
  driver: DiscordDriver,
  people: Map<string, string>,
  names: Map<string, string>,
  member: MemberRef,
  message: ResponseView,
  label: string,
): Promise<void> {
  const who = people.get(member.userId) ?? member.userId;
  section(`${who} clicks "${label}"`);
  const reply = await driver.click(member, { id: message.messageId }, (component) => component.label === label).final();
  show(who, reply, names);
  const held = driver.memberRoles(member).map((id) => names.get(id) ?? id);
  console.log(`   ${who} now has: ${held.length > 0 ? held.join(', ') : 'no panel roles'}`);
}

/** Prints a message the way a person sees it: mentions resolved to names, buttons in brackets. */
function show(who: string, view: ResponseView, names: Map<string, string>): void {
  const mentions = (text: string) => text.replace(/<(?:@&|#)(\d+)>/g, (match, id: string) => names.get(id) ?? match);
  if (who !== 'channel') console.log(`   ${who} sees${view.ephemeral ? ' (only them)' : ''}:`);
  if (view.content) console.log(indent(mentions(view.content)));
  for (const embed of view.embeds) {
    if (embed.title) console.log(indent(`┃ ${mentions(String(embed.title))}`));
    if (embed.description) console.log(indent(mentions(String(embed.description)).split('\n').map((line) => `┃ ${line}`).join('\n')));
    for (const field of embed.fields ?? []) console.log(indent(`┃ ${mentions(String(field.name))}: ${mentions(String(field.value))}`));
  }
  for (const row of view.components) {
    const parts = (row.components ?? []).map((component: { label?: string; emoji?: { name?: string }; placeholder?: string; type: number }) => {
      if (component.type === 2) return `[${component.emoji?.name ? `${component.emoji.name} ` : ''}${component.label ?? ''}]`;
      return `[▼ ${component.placeholder ?? 'menu'}]`;
    });
    if (parts.length > 0) console.log(indent(parts.join(' ')));
  }
}

function printRoleChanges(fake: FakeDiscord, people: Map<string, string>, names: Map<string, string>): void {
  const changes = fake.recorder.find('PUT', /\/members\/.*\/roles\//).concat(fake.recorder.find('DELETE', /\/members\/.*\/roles\//));
  changes.sort((a, b) => Number(a.receivedAt - b.receivedAt));
  for (const request of changes) {
    const match = /\/members\/(\d+)\/roles\/(\d+)/.exec(request.path);
    if (!match) continue;
    const action = request.method === 'PUT' ? 'added' : 'removed';
    const outcome = request.status < 300 ? '' : ` (Discord answered ${request.status})`;
    console.log(`   ${names.get(match[2]) ?? match[2]} ${action} for ${people.get(match[1]) ?? match[1]}${outcome}; reason: ${request.auditLogReason ?? '(none)'}`);
  }
}

function section(title: string): void {
  console.log(`\n▶ ${title}`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

main().catch((error: unknown) => {
  console.error(`The demo failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
