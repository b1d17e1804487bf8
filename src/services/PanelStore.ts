import { inject, injectable } from 'tsyringe';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { Panel, PanelRole, type PanelButtonStyle, type PanelMode } from '../entities';
import { UserError, VersionConflictError } from '../errors';
import { TOKENS } from '../tokens';
import { KeyedQueue } from './KeyedQueue';
import { clampMaxRoles } from './validation';

/** The panel posted as a message, with its roles by position; parameters are the message id and the guild id. */
const FIND_BY_MESSAGE_SQL = `
  SELECT p.id, p.guild_id, p.channel_id, p.message_id, p.title, p.description, p.color, p.mode,
         p.max_roles, p.required_role_id, p.version, p.created_at, p.updated_at,
         r.id AS role_pk, r.role_id, r.label, r.emoji, r.style, r.position
  FROM panels p
  LEFT JOIN panel_roles r ON r.panel_id = p.id
  WHERE p.message_id = ? AND p.guild_id = ?
  ORDER BY r.position`;

/** One row of FIND_BY_MESSAGE_SQL: the panel's columns, and one role's (null for a panel without roles). */
interface PanelRoleRow {
  id: number;
  guild_id: string;
  channel_id: string | null;
  message_id: string | null;
  title: string;
  description: string | null;
  color: number | null;
  mode: PanelMode;
  max_roles: number | null;
  required_role_id: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  role_pk: number | null;
  role_id: string | null;
  label: string | null;
  emoji: string | null;
  style: PanelButtonStyle | null;
  position: number | null;
}

/** SQLite returns datetime columns as UTC text without a zone; PostgreSQL returns Dates. */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

function panelFromRows(rows: PanelRoleRow[]): Panel {
  const [first] = rows;
  const panel = Object.assign(new Panel(), {
    id: Number(first.id),
    guildId: first.guild_id,
    channelId: first.channel_id,
    messageId: first.message_id,
    title: first.title,
    description: first.description,
    color: first.color === null ? null : Number(first.color),
    mode: first.mode,
    maxRoles: first.max_roles === null ? null : Number(first.max_roles),
    requiredRoleId: first.required_role_id,
    version: Number(first.version),
    createdAt: toDate(first.created_at),
    updatedAt: toDate(first.updated_at),
  });
  panel.roles = rows
    .filter((row) => row.role_pk !== null)
    .map((row) =>
      Object.assign(new PanelRole(), {
        id: Number(row.role_pk),
        panelId: panel.id,
        roleId: row.role_id as string,
        label: row.label as string,
        emoji: row.emoji,
        style: row.style as PanelButtonStyle,
        position: Number(row.position),
      }),
    );
  return panel;
}

/** Writes in progress per SQLite DataSource, shared by every PanelStore instance on it. */
const sqliteWrites = new KeyedQueue<DataSource>();

/** Discord allows 5 action rows of 5 buttons on one message. */
export const MAX_ROLES_PER_PANEL = 25;

export interface PanelFields {
  title: string;
  description: string | null;
  color: number | null;
  mode: PanelMode;
  maxRoles: number | null;
  requiredRoleId: string | null;
}

export interface NewPanelRole {
  roleId: string;
  label: string;
  emoji: string | null;
  style: PanelButtonStyle;
}

export interface RoleRemoval {
  removed: PanelRole;
  maxRolesBefore: number | null;
  maxRolesAfter: number | null;
}

export interface PanelSummary {
  id: number;
  title: string;
  roleCount: number;
  channelId: string | null;
  messageId: string | null;
}

/**
 * Queries and changes on panels. Every method takes the guild id and matches on it, so a
 * panel id from another guild behaves exactly like one that does not exist.
 */
@injectable()
export class PanelStore {
  constructor(
    @inject(TOKENS.DataSource) private readonly dataSource: DataSource,
    @inject(TOKENS.PanelRepository) private readonly panels: Repository<Panel>,
    @inject(TOKENS.PanelRoleRepository) private readonly panelRoles: Repository<PanelRole>,
  ) {}

  async create(guildId: string, fields: PanelFields): Promise<Panel> {
    return this.serializeWrite(async () => {
      const panel = this.panels.create({ guildId, ...fields, channelId: null, messageId: null });
      const saved = await this.panels.save(panel);
      saved.roles = [];
      return saved;
    });
  }

  /** Loads a panel with its roles in one JOIN, roles ordered by position. */
  async findWithRoles(guildId: string, panelId: number): Promise<Panel | null> {
    return this.panels
      .createQueryBuilder('panel')
      .leftJoinAndSelect('panel.roles', 'role')
      .where('panel.id = :panelId AND panel.guild_id = :guildId', { panelId, guildId })
      .orderBy('role.position', 'ASC')
      .getOne();
  }

  /**
   * Loads the panel posted as `messageId` in `guildId`, with all its roles, in one indexed
   * query. A click needs the other roles too (unique mode and max-roles look at them).
   */
  async findByMessage(guildId: string, messageId: string): Promise<Panel | null> {
    // Every click runs this query, so it is plain SQL: TypeORM's query builder and entity
    // hydration cost more CPU per click than the query itself (measured with npm run bench).
    const postgres = this.dataSource.options.type === 'postgres';
    const sql = postgres ? FIND_BY_MESSAGE_SQL.replace('?', '$1').replace('?', '$2') : FIND_BY_MESSAGE_SQL;
    const rows: PanelRoleRow[] = await this.dataSource.query(sql, [messageId, guildId]);
    return rows.length === 0 ? null : panelFromRows(rows);
  }

  /** Lists a guild's panels with their role counts, oldest first. */
  async listByGuild(guildId: string): Promise<PanelSummary[]> {
    const rows = await this.panels
      .createQueryBuilder('panel')
      .leftJoin('panel.roles', 'role')
      .select('panel.id', 'id')
      .addSelect('panel.title', 'title')
      .addSelect('panel.channel_id', 'channelId')
      .addSelect('panel.message_id', 'messageId')
      .addSelect('COUNT(role.id)', 'roleCount')
      .where('panel.guild_id = :guildId', { guildId })
      .groupBy('panel.id')
      .addGroupBy('panel.title')
      .addGroupBy('panel.channel_id')
      .addGroupBy('panel.message_id')
      .orderBy('panel.id', 'ASC')
      .getRawMany<{ id: number | string; title: string; channelId: string | null; messageId: string | null; roleCount: number | string }>();
    return rows.map((row) => ({
      id: Number(row.id),
      title: row.title,
      channelId: row.channelId,
      messageId: row.messageId,
      roleCount: Number(row.roleCount),
    }));
  }

  /** Finds panels whose title matches exactly, for resolving the `panel` option by title. */
  async findByTitle(guildId: string, title: string): Promise<Panel[]> {
    return this.panels.find({ where: { guildId, title }, order: { id: 'ASC' } });
  }

  /**
   * Applies `changes` if the panel is still at `expectedVersion` (when given) and bumps the
   * version. Throws VersionConflictError when another edit got there first.
   */
  async update(guildId: string, panelId: number, changes: Partial<PanelFields>, expectedVersion?: number): Promise<void> {
    await this.transaction(async (manager) => {
      await this.bumpVersion(manager, guildId, panelId, expectedVersion, changes);
    });
  }

  /** Adds a role at the end of the panel. Enforces the 25-role limit and one button per role. */
  async addRole(guildId: string, panelId: number, role: NewPanelRole, expectedVersion?: number): Promise<PanelRole> {
    return this.transaction(async (manager) => {
      await this.bumpVersion(manager, guildId, panelId, expectedVersion, {});
      const existing = await manager.find(PanelRole, { where: { panelId }, order: { position: 'ASC' } });
      if (existing.some((entry) => entry.roleId === role.roleId)) {
        throw new UserError(`<@&${role.roleId}> is already on panel ${panelId}. Each role can have one button per panel.`);
      }
      if (existing.length >= MAX_ROLES_PER_PANEL) {
        throw new UserError(
          `Panel ${panelId} already has ${MAX_ROLES_PER_PANEL} roles, the most Discord can show on one message. Remove a role first.`,
        );
      }
      const position = existing.length === 0 ? 0 : existing[existing.length - 1].position + 1;
      return manager.save(manager.create(PanelRole, { panelId, ...role, position }));
    });
  }

  /** Removes the button for `roleId`. Returns false when the role was not on the panel. */
  async removeRole(guildId: string, panelId: number, roleId: string, expectedVersion?: number): Promise<boolean> {
    return this.transaction(async (manager) => {
      await this.bumpVersion(manager, guildId, panelId, expectedVersion, {});
      const result = await manager.delete(PanelRole, { panelId, roleId });
      if ((result.affected ?? 0) === 0) throw new RoleNotOnPanel();
      return true;
    }).catch((error: unknown) => {
      if (error instanceof RoleNotOnPanel) return false;
      throw error;
    });
  }

  /** Swaps the panel role with its neighbour above (-1) or below (+1). Returns false at either end. */
  async moveRole(guildId: string, panelId: number, panelRoleId: number, direction: -1 | 1, expectedVersion?: number): Promise<boolean> {
    return this.transaction(async (manager) => {
      await this.bumpVersion(manager, guildId, panelId, expectedVersion, {});
      const roles = await manager.find(PanelRole, { where: { panelId }, order: { position: 'ASC' } });
      const index = roles.findIndex((entry) => entry.id === panelRoleId);
      const neighbour = roles[index + direction];
      if (index < 0 || neighbour === undefined) return false;
      const moved = roles[index];
      await manager.update(PanelRole, { id: moved.id }, { position: neighbour.position });
      await manager.update(PanelRole, { id: neighbour.id }, { position: moved.position });
      return true;
    });
  }

  /** Records where the panel was posted. */
  async setMessage(guildId: string, panelId: number, channelId: string, messageId: string): Promise<void> {
    return this.serializeWrite(async () => {
      await this.panels.update({ id: panelId, guildId }, { channelId, messageId });
    });
  }

  /** Forgets a posted message (it was deleted), so the panel can be posted again. Returns the affected panel ids. */
  async clearMessage(guildId: string, messageId: string): Promise<number[]> {
    return this.serializeWrite(async () => {
      const affected = await this.panels.find({ select: { id: true }, where: { guildId, messageId } });
      if (affected.length > 0) await this.panels.update({ guildId, messageId }, { channelId: null, messageId: null });
      return affected.map((panel) => panel.id);
    });
  }

  /** Forgets every posted message in a deleted channel. Returns the affected panel ids. */
  async clearChannel(guildId: string, channelId: string): Promise<number[]> {
    return this.serializeWrite(async () => {
      const affected = await this.panels.find({ select: { id: true }, where: { guildId, channelId } });
      if (affected.length > 0) await this.panels.update({ guildId, channelId }, { channelId: null, messageId: null });
      return affected.map((panel) => panel.id);
    });
  }

  /**
   * Removes a deleted role from every panel of the guild, and clears it as a required role.
   * Returns the ids of the panels that changed, so their posted messages can be re-rendered.
   */
  async removeRoleEverywhere(guildId: string, roleId: string): Promise<number[]> {
    return this.transaction(async (manager) => {
      const holding = await manager
        .createQueryBuilder(PanelRole, 'role')
        .innerJoin('role.panel', 'panel')
        .select('DISTINCT role.panel_id', 'panelId')
        .where('panel.guild_id = :guildId AND role.role_id = :roleId', { guildId, roleId })
        .getRawMany<{ panelId: number | string }>();
      const requiring = await manager.find(Panel, { select: { id: true }, where: { guildId, requiredRoleId: roleId } });
      const panelIds = [...new Set([...holding.map((row) => Number(row.panelId)), ...requiring.map((panel) => panel.id)])];

      if (holding.length > 0) {
        await manager
          .createQueryBuilder()
          .delete()
          .from(PanelRole)
          .where('role_id = :roleId AND panel_id IN (:...ids)', { roleId, ids: holding.map((row) => Number(row.panelId)) })
          .execute();
      }
      if (requiring.length > 0) await manager.update(Panel, { guildId, requiredRoleId: roleId }, { requiredRoleId: null });
      for (const panelId of panelIds) {
        await manager.increment(Panel, { id: panelId, guildId }, 'version', 1);
      }
      return panelIds;
    });
  }

  /**
   * Deletes the panel and its roles. Returns the deleted panel (for its posted message) or
   * null when not found. With `expectedVersion`, a panel changed since then is not deleted
   * and VersionConflictError is thrown.
   */
  async delete(guildId: string, panelId: number, expectedVersion?: number): Promise<Panel | null> {
    return this.serializeWrite(async () => {
      const panel = await this.panels.findOne({ where: { id: panelId, guildId } });
      if (panel === null) return null;
      const where = expectedVersion === undefined ? { id: panelId, guildId } : { id: panelId, guildId, version: expectedVersion };
      const result = await this.panels.delete(where);
      if ((result.affected ?? 0) > 0) return panel;
      if (expectedVersion !== undefined && (await this.panels.exists({ where: { id: panelId, guildId } }))) throw new VersionConflictError(panelId);
      return null;
    });
  }

  /**
   * Removes one button, chosen by Discord role id or by panel role id, and in the same
   * transaction lowers max-roles when it would exceed the roles left (no roles left removes
   * the cap). Returns null, changing nothing, when that role is not on the panel.
   */
  async removeRoleAndClamp(
    guildId: string,
    panelId: number,
    which: { roleId: string } | { panelRoleId: number },
    expectedVersion?: number,
  ): Promise<RoleRemoval | null> {
    return this
      .transaction(async (manager) => {
        await this.bumpVersion(manager, guildId, panelId, expectedVersion, {});
        const roles = await manager.find(PanelRole, { where: { panelId } });
        const removed = roles.find((entry) => ('roleId' in which ? entry.roleId === which.roleId : entry.id === which.panelRoleId));
        if (removed === undefined) throw new RoleNotOnPanel();
        await manager.delete(PanelRole, { id: removed.id });

        const panel = await manager.findOneOrFail(Panel, { select: { id: true, maxRoles: true }, where: { id: panelId, guildId } });
        const maxRolesAfter = clampMaxRoles(panel.maxRoles, roles.length - 1);
        if (maxRolesAfter !== panel.maxRoles) await manager.update(Panel, { id: panelId, guildId }, { maxRoles: maxRolesAfter });
        return { removed, maxRolesBefore: panel.maxRoles, maxRolesAfter };
      })
      .catch((error: unknown) => {
        if (error instanceof RoleNotOnPanel) return null;
        throw error;
      });
  }

  /** Counts the guild's panels that are not posted anywhere. */
  async countUnposted(guildId: string): Promise<number> {
    return this.panels.count({ where: { guildId, messageId: IsNull() } });
  }

  /**
   * Runs `work` in a transaction. better-sqlite3 gives TypeORM one connection, where a
   * second BEGIN fails and its ROLLBACK would end the first transaction, so on SQLite
   * transactions and other writes wait for each other.
   */
  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serializeWrite(() => this.dataSource.transaction(work));
  }

  /** Runs `write` after the writes before it on SQLite; on PostgreSQL at once, since each transaction has its own connection. */
  private serializeWrite<T>(write: () => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') return write();
    return sqliteWrites.run(this.dataSource, write);
  }

  /**
   * Bumps the panel's version inside `manager`'s transaction, applying `changes` in the same
   * statement. With `expectedVersion` the statement matches only that version, which is what
   * turns a stale edit into a VersionConflictError instead of a silent overwrite.
   */
  private async bumpVersion(
    manager: EntityManager,
    guildId: string,
    panelId: number,
    expectedVersion: number | undefined,
    changes: Partial<PanelFields>,
  ): Promise<void> {
    const query = manager
      .createQueryBuilder()
      .update(Panel)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :panelId AND guild_id = :guildId', { panelId, guildId });
    if (expectedVersion !== undefined) query.andWhere('version = :expectedVersion', { expectedVersion });
    const result = await query.execute();
    if ((result.affected ?? 0) > 0) return;

    const exists = await manager.exists(Panel, { where: { id: panelId, guildId } });
    if (!exists) throw new PanelNotFoundError(panelId);
    throw new VersionConflictError(panelId);
  }
}

/** The panel id does not exist in this guild (or exists only in another guild, which must look the same). */
export class PanelNotFoundError extends UserError {
  constructor(readonly panelId: number | string) {
    super(`No panel with id ${panelId} exists in this server. Run /panel list to see this server's panels and their ids.`);
    this.name = 'PanelNotFoundError';
  }
}

class RoleNotOnPanel extends Error {}
