import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { PanelRole } from './PanelRole';

export const PANEL_MODES = ['toggle', 'unique', 'verify', 'drop'] as const;
export type PanelMode = (typeof PANEL_MODES)[number];

/** A role panel: the embed an admin designs and, once posted, the message that carries its buttons. */
@Entity({ name: 'panels' })
export class Panel {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_panels_guild_id')
  @Column({ name: 'guild_id', type: 'varchar', length: 20 })
  guildId!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 20, nullable: true })
  channelId!: string | null;

  /** Unique when set: a click is matched to its panel by the message it came from. */
  @Index('idx_panels_message_id', { unique: true })
  @Column({ name: 'message_id', type: 'varchar', length: 20, nullable: true })
  messageId!: string | null;

  /** Embed title, at most 256 characters (Discord's embed limit). */
  @Column({ type: 'varchar', length: 256 })
  title!: string;

  /** Embed description, at most 4096 characters (Discord's embed limit). */
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Embed color as a 24-bit RGB integer. */
  @Column({ type: 'integer', nullable: true })
  color!: number | null;

  @Column({ type: 'varchar', length: 16, default: 'toggle' })
  mode!: PanelMode;

  /** How many of this panel's roles one member may hold; null means no cap. */
  @Column({ name: 'max_roles', type: 'integer', nullable: true })
  maxRoles!: number | null;

  /** Members without this role may not use the panel; null means anyone may. */
  @Column({ name: 'required_role_id', type: 'varchar', length: 20, nullable: true })
  requiredRoleId!: string | null;

  /** Incremented on every change, so an edit made on an older copy can be detected and rejected. */
  @VersionColumn({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @OneToMany('PanelRole', (role: PanelRole) => role.panel)
  roles!: PanelRole[];
}
