import type { FakeDiscord, GuildFixture, RecordedRequest } from '../fake-discord';
import { PanelSeeder, type SeededPanel } from '../e2e/click-seeding';
import { adminSteps, customIdStarting } from '../e2e/admin-support';
import { startWorld, type World } from '../e2e/harness';
import { appliedRoleRequests, botMessageBodies, linesContaining } from './support';

type RoleRecord = ReturnType<FakeDiscord['createRole']>;

const ZERO_WIDTH = '\u200B\u200C\u200D\uFEFF';
const RIGHT_TO_LEFT = '\u202E\u200F';
/** A right-to-left mark: a harmless direction hint, unlike the override in RIGHT_TO_LEFT. */
const RIGHT_TO_LEFT_MARK = '\u200F';
const MENTIONS = '@everyone @here <@123456789012345678> <@&123456789012345678>';

/**
 * Accepted on purpose: markdown, mentions and right-to-left text with visible characters
 * (direction marks are fine; direction overrides are rejected).
 * Discord renders them as typed, and every bot message sends allowed_mentions with an empty
 * parse list, so a mention in a title or label sends no notification.
 */
const ACCEPTED_TITLES = ['**bold** _it_ ~~x~~ `code` ||spoiler||', MENTIONS, `${RIGHT_TO_LEFT_MARK}عنوان`, '# heading\n> quote'];

describe('hostile input on sqlite', () => {
  let world: World;
  let seeder: PanelSeeder;
  let other: GuildFixture;
  let roles: RoleRecord[] = [];
  let posted: SeededPanel;
  const { slash, create } = adminSteps(() => world);
  const admin = () => world.guild.members.admin;

  /** Posts a panel as the test (not the bot) and remembers the request, which the ping check leaves out. */
  const seededPosts = new Set<RecordedRequest>();
  const seed = async (seedRoles: RoleRecord[]): Promise<SeededPanel> => {
    const panel = await seeder.post({ roles: seedRoles });
    const post = world.fake.recorder.find('POST', '/channels/:channel_id/messages').at(-1);
    if (post) seededPosts.add(post);
    return panel;
  };

  beforeAll(async () => {
    world = await startWorld('sqlite', {
      env: { LOG_LEVEL: 'info' },
      prepare: (fake, driver, guild) => {
        roles = Array.from({ length: 4 }, (_, index) => fake.createRole(guild.guildId, { name: `hostile-${index + 1}` }));
        other = driver.setupGuild({ name: 'Other guild' });
      },
    });
    seeder = await PanelSeeder.open(world);
    posted = await seed([roles[0], roles[1]]);
  }, 60_000);

  afterAll(async () => {
    await seeder?.close();
    await world?.close();
  });

  const panelCount = async () => (await seeder.store.listByGuild(world.guild.guildId)).length;

  const createCases: Array<[string, Record<string, unknown>, string]> = [
    ['empty title', { title: '' }, 'The title is empty'],
    ['blank title', { title: ' \t\n ' }, 'The title is empty'],
    ['zero-width title', { title: ZERO_WIDTH }, 'The title is empty'],
    ['right-to-left marks only', { title: RIGHT_TO_LEFT }, 'The title is empty'],
    ['right-to-left override', { title: `${RIGHT_TO_LEFT}عنوان` }, 'invisible text direction control U+202E'],
    ['257-character title', { title: 't'.repeat(257) }, 'Discord allows at most 256'],
    ['4097-character description', { title: 'ok', description: 'd'.repeat(4097) }, 'Discord allows at most 4096'],
    ['named color unknown', { title: 'ok', color: 'chartreuse' }, 'The color `chartreuse` is not valid'],
    ['short hex color', { title: 'ok', color: '#12345' }, 'The color `#12345` is not valid'],
    ['non-hex color', { title: 'ok', color: '#GGGGGG' }, 'The color `#GGGGGG` is not valid'],
    ['mention as color', { title: 'ok', color: '@everyone' }, 'The color `@everyone` is not valid'],
    ['max-roles 0', { title: 'ok', 'max-roles': 0 }, 'max-roles `0` is not valid'],
    ['max-roles -1', { title: 'ok', 'max-roles': -1 }, 'max-roles `-1` is not valid'],
    ['max-roles 26', { title: 'ok', 'max-roles': 26 }, 'max-roles `26` is not valid'],
  ];

  it.each(createCases)('create rejects %s', async (_name, options, message) => {
    const before = await panelCount();
    const reply = await slash('create', options);
    expect(reply.content).toContain(message);
    expect(await panelCount()).toBe(before);
  });

  it.each(ACCEPTED_TITLES.map((title) => [title]))('create accepts title %j', async (title) => {
    const { view } = await create(title);
    expect(view.embeds[0].title).toBe(title.trim());
  });

  const addRoleCases: Array<[string, Record<string, unknown>, string]> = [
    ['empty label', { label: '' }, 'The button label is empty'],
    ['blank label', { label: '   ' }, 'The button label is empty'],
    ['zero-width label', { label: ZERO_WIDTH }, 'The button label is empty'],
    ['81-character label', { label: 'l'.repeat(81) }, 'Discord allows at most 80'],
    ['word as emoji', { emoji: 'smile' }, 'The emoji `smile` is not valid'],
    ['shortcode emoji', { emoji: ':smile:' }, 'The emoji `:smile:` is not valid'],
    ['custom emoji without id', { emoji: '<:party:1>' }, 'The emoji `<:party:1>` is not valid'],
    ['two emoji', { emoji: '🙂🙂' }, 'The emoji `🙂🙂` is not valid'],
    ['mention as emoji', { emoji: '@here' }, 'The emoji `@here` is not valid'],
  ];

  it.each(addRoleCases)('add-role rejects %s', async (_name, options, message) => {
    const { panelId } = await create('Fields');
    const reply = await slash('add-role', { panel: String(panelId), role: roles[2].id, ...options });
    expect(reply.content).toContain(message);
    expect((await seeder.stored(panelId))?.roles).toEqual([]);
  });

  it('add-role accepts a mention label', async () => {
    const { panelId } = await create('Mention label');
    const reply = await slash('add-role', { panel: String(panelId), role: roles[2].id, label: '@everyone' });
    expect(reply.content).toContain('Added');
    expect((await seeder.stored(panelId))?.roles.map((role) => role.label)).toEqual(['@everyone']);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['unknown title', 'no such panel'],
    ['id over 32 bits', '99999999999'],
    ['zero', '0'],
    ['negative', '-1'],
  ])('panel option rejects %s', async (_name, panel) => {
    const reply = await slash('edit', { panel });
    expect(reply.content).toContain('No panel with the id or title');
  });

  const modalTextCases: Array<[string, Record<string, string>, string]> = [
    ['blank title', { title: '   ' }, 'The title is empty'],
    ['zero-width title', { title: ZERO_WIDTH }, 'The title is empty'],
    ['bad color', { title: 'ok', color: 'rgb(1,2,3)' }, 'The color `rgb(1,2,3)` is not valid'],
  ];

  it.each(modalTextCases)('text modal rejects %s', async (_name, values, message) => {
    const { view, panelId } = await create('Modal text');
    const modal = await world.driver.click(admin(), view, customIdStarting(view, 'rp:ed:text:')).modal();
    const reply = await world.driver.submitModal(admin(), modal, values).final();
    expect(reply.content).toContain(message);
    expect((await seeder.stored(panelId))?.title).toBe('Modal text');
  });

  it.each([['0'], ['26'], ['-1'], ['1.5'], ['two'], ['@']])('max-roles modal rejects %j', async (value) => {
    const { panelId } = await create('Modal max');
    await slash('add-role', { panel: String(panelId), role: roles[2].id });
    const editor = await slash('edit', { panel: String(panelId) });
    const settings = await world.driver.click(admin(), editor, customIdStarting(editor, 'rp:ed:settings:')).final();
    const modal = await world.driver.click(admin(), settings, customIdStarting(settings, 'rp:ed:max:')).modal();
    const reply = await world.driver.submitModal(admin(), modal, { 'max-roles': value }).final();
    expect(reply.content).toContain(`max-roles \`${value}\` is not valid`);
    expect((await seeder.stored(panelId))?.maxRoles).toBeNull();
  });

  it.each([
    ['zero-width label', { label: ZERO_WIDTH }, 'The button label is empty'],
    ['bad emoji', { label: 'ok', emoji: '<a:x>' }, 'The emoji `<a:x>` is not valid'],
  ])('role modal rejects %s', async (_name, values, message) => {
    const { view, panelId } = await create('Modal role');
    const modal = await world.driver.select(admin(), view, customIdStarting(view, 'rp:ed:add:'), [roles[3].id]).modal();
    const reply = await world.driver.submitModal(admin(), modal, values).final();
    expect(reply.content).toContain(message);
    expect((await seeder.stored(panelId))?.roles).toEqual([]);
  });

  /** Custom ids a forged or stale click may carry, and the reply each must get. */
  const customIdCases: Array<[string, () => string, string]> = [
    ['malformed role id', () => 'rp:role:1e3', 'not recognised by the bot'],
    ['role id over 10 digits', () => 'rp:role:99999999999', 'not recognised by the bot'],
    ['role id over 31 bits', () => 'rp:role:4294967295', 'not part of this panel'],
    ['101 characters', () => `rp:role:${'1'.repeat(93)}`, 'not recognised by the bot'],
    ['unknown route', () => 'rp:admin:1', 'not recognised by the bot'],
    ['editor id from a member', () => `rp:ed:delete-confirm:${posted.id}:1`, 'You need the Manage Roles permission'],
  ];

  it.each(customIdCases)('click with %s changes nothing', async (_name, customId, message) => {
    const member = world.driver.addMember(world.guild.guildId);
    const reply = await world.driver.clickRaw(member, { id: posted.messageId }, customId()).final();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(message);
    expect(world.driver.memberRoles(member)).toEqual([]);
    expect(appliedRoleRequests(world.fake, member)).toEqual([]);
    expect((await seeder.stored(posted.id))?.roles).toHaveLength(2);
  });

  it('button of another guild changes nothing', async () => {
    const foreign = await world.driver.runSlash(other.members.owner, 'panel', 'create', { title: 'Foreign' }).final();
    expect(foreign.content).toContain('Created panel');
    const foreignRole = world.fake.createRole(other.guildId, { name: 'foreign' });
    await world.driver.runSlash(other.members.owner, 'panel', 'add-role', { panel: 'Foreign', role: foreignRole.id }).final();
    const stored = await seeder.store.findByTitle(other.guildId, 'Foreign');
    const foreignPanel = await seeder.store.findWithRoles(other.guildId, stored[0].id);
    const member = world.driver.addMember(world.guild.guildId);

    const reply = await world.driver.clickRaw(member, { id: posted.messageId }, `rp:role:${foreignPanel?.roles[0].id}`).final();
    expect(reply.content).toContain('not part of this panel');
    expect(appliedRoleRequests(world.fake, member)).toEqual([]);
  });

  it('button of a removed panel role changes nothing', async () => {
    const panel = await seed([roles[2], roles[3]]);
    await seeder.store.removeRole(world.guild.guildId, panel.id, roles[3].id);
    const member = world.driver.addMember(world.guild.guildId);

    const reply = await world.driver.clickRaw(member, { id: panel.messageId }, panel.buttons[roles[3].id]).final();
    expect(reply.content).toContain('not part of this panel');
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it('no bot message pings', () => {
    const bodies = botMessageBodies(world.fake, seededPosts);
    expect(bodies.length).toBeGreaterThan(20);
    const pinging = bodies.filter((body) => JSON.stringify((body.allowed_mentions as { parse?: unknown } | undefined)?.parse) !== '[]');
    expect(pinging).toEqual([]);
  });

  it('token never logged', () => {
    expect(world.bot.logs.length).toBeGreaterThan(0);
    expect(linesContaining(world.bot, world.fake.token)).toEqual([]);
  });
});
