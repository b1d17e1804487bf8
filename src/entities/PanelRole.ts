import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Panel } from './Panel';

export const BUTTON_STYLES = ['primary', 'secondary', 'success', 'danger'] as const;
export type PanelButtonStyle = (typeof BUTTON_STYLES)[number];

/** One button of a panel, bound to one role. Its id is what the button's custom id carries. */
@Entity({ name: 'panel_roles' })
@Unique('uq_panel_roles_panel_role', ['panelId', 'roleId'])
export class PanelRole {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_panel_roles_panel_id')
  @Column({ name: 'panel_id', type: 'integer' })
  panelId!: number;

  @ManyToOne('Panel', (panel: Panel) => panel.roles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'fk_panel_roles_panel' })
  panel!: Panel;

  @Column({ name: 'role_id', type: 'varchar', length: 20 })
  roleId!: string;

  /** Button label, at most 80 characters (Discord's button limit). */
  @Column({ type: 'varchar', length: 80 })
  label!: string;

  /** A Unicode emoji or a custom emoji in `<:name:id>` / `<a:name:id>` form. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  emoji!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'secondary' })
  style!: PanelButtonStyle;

  /** Order of the button on the panel, from 0. */
  @Column({ type: 'integer' })
  position!: number;
}
