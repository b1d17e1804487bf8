import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database';
import { buildPanelButtons, buildPanelEmbed } from '../../src/discord/panelMessage';
import { Panel, PanelRole, type PanelMode } from '../../src/entities';
import { PanelStore } from '../../src/services/PanelStore';
import type { RoleRecord } from '../fake-discord/model';
import type { World } from './harness';

export interface SeededPanel {
  id: number;
  title: string;
  channelId: string;
  messageId: string;
  /** Custom id of each role's button, by role id. */
  buttons: Record<string, string>;
}

export interface SeedOptions {
  roles: RoleRecord[];
  mode?: PanelMode;
  maxRoles?: number;
  requiredRoleId?: string;
  /** The guild's general channel when omitted. */
  channelId?: string;
}

/**
 * Creates panels straight in the bot's database and posts their messages through the fake's
 * REST API as the bot, the way /panel post would. Roles are stored without the admin-side
 * checks, so tests can put a role on a panel that the rules would reject today.
 */
export class PanelSeeder {
  private counter = 0;

  private constructor(
    private readonly world: World,
    private readonly dataSource: DataSource,
    readonly store: PanelStore,
  ) {}

  /** Connects to the bot's database; the bot has already run the migrations. */
  static async open(world: World): Promise<PanelSeeder> {
    const dataSource = createDataSource(world.database.config);
    await dataSource.initialize();
    const store = new PanelStore(dataSource, dataSource.getRepository(Panel), dataSource.getRepository(PanelRole));
    return new PanelSeeder(world, dataSource, store);
  }

  async post(options: SeedOptions): Promise<SeededPanel> {
    const { guildId } = this.world.guild;
    const channelId = options.channelId ?? this.world.guild.channels.general.id;
    this.counter += 1;
    const created = await this.store.create(guildId, {
      title: `Panel ${this.counter}`,
      description: null,
      color: null,
      mode: options.mode ?? 'toggle',
      maxRoles: options.maxRoles ?? null,
      requiredRoleId: options.requiredRoleId ?? null,
    });
    for (const role of options.roles) {
      await this.store.addRole(guildId, created.id, { roleId: role.id, label: role.name, emoji: null, style: 'secondary' });
    }
    const panel = (await this.store.findWithRoles(guildId, created.id)) as Panel;

    const messageId = await this.sendAsBot(channelId, {
      embeds: [buildPanelEmbed(panel).toJSON()],
      components: buildPanelButtons(panel).map((row) => row.toJSON()),
    });
    await this.store.setMessage(guildId, panel.id, channelId, messageId);

    const buttons: Record<string, string> = {};
    for (const role of panel.roles) buttons[role.roleId] = `rp:role:${role.id}`;
    return { id: panel.id, title: panel.title, channelId, messageId, buttons };
  }

  /** Reads the stored panel as the bot would; null when it was deleted. */
  async stored(panelId: number): Promise<Panel | null> {
    return this.store.findWithRoles(this.world.guild.guildId, panelId);
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
  }

  private async sendAsBot(channelId: string, body: unknown): Promise<string> {
    const response = await fetch(`${this.world.fake.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${this.world.fake.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const message = (await response.json()) as { id?: string; message?: string };
    if (!response.ok || message.id === undefined) throw new Error(`posting a panel message failed with ${response.status}: ${JSON.stringify(message)}`);
    return message.id;
  }
}

/** Polls `check` every 25 ms until it returns true, for effects the bot applies after an event; fails after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
