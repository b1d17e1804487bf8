import type { PanelMode } from '../entities';

/** Everything a role button click is decided on; no Discord or database objects. */
export interface ClickInput {
  mode: PanelMode;
  /** How many of the panel's roles one member may hold; null means no cap. */
  maxRoles: number | null;
  requiredRoleId: string | null;
  /** Role ids of every button on the panel, the clicked one included. */
  panelRoleIds: readonly string[];
  /** Role ids the member holds now, including roles given by hand. */
  memberRoleIds: ReadonlySet<string>;
  clickedRoleId: string;
}

export type ClickDecision =
  /** Role ids to add and to remove; at least one of the two lists is not empty. */
  | { kind: 'change'; add: string[]; remove: string[] }
  /** Verify mode and the member already has the role. */
  | { kind: 'already-held' }
  /** Drop mode and the member does not have the role. */
  | { kind: 'not-held' }
  | { kind: 'missing-required-role'; requiredRoleId: string }
  /** Adding the role would take the member over the panel's cap; `heldRoleIds` are the panel roles the member has. */
  | { kind: 'max-roles'; maxRoles: number; heldRoleIds: string[] };

/**
 * Decides what a click does, judged against the roles the member holds now:
 *
 * - toggle: add the role if missing, remove it if held;
 * - unique: picking a role removes the panel's other roles the member holds; clicking the
 *   only one held removes it, so a member can leave the group;
 * - verify: add only;
 * - drop: remove only.
 *
 * A required role gates every mode. The cap only stops additions, and unique mode never
 * leaves more than one panel role, so the cap does not apply there.
 */
export function decideClick(input: ClickInput): ClickDecision {
  const { mode, maxRoles, requiredRoleId, panelRoleIds, memberRoleIds, clickedRoleId } = input;
  if (requiredRoleId !== null && !memberRoleIds.has(requiredRoleId)) {
    return { kind: 'missing-required-role', requiredRoleId };
  }

  const held = memberRoleIds.has(clickedRoleId);
  const heldPanelRoleIds = panelRoleIds.filter((roleId) => memberRoleIds.has(roleId));

  switch (mode) {
    case 'unique': {
      const others = heldPanelRoleIds.filter((roleId) => roleId !== clickedRoleId);
      if (!held) return { kind: 'change', add: [clickedRoleId], remove: others };
      // Held together with others (given by hand): keep the clicked one, drop the rest.
      if (others.length > 0) return { kind: 'change', add: [], remove: others };
      return { kind: 'change', add: [], remove: [clickedRoleId] };
    }
    case 'verify':
      if (held) return { kind: 'already-held' };
      return addWithinCap(clickedRoleId, maxRoles, heldPanelRoleIds);
    case 'drop':
      if (!held) return { kind: 'not-held' };
      return { kind: 'change', add: [], remove: [clickedRoleId] };
    case 'toggle':
      if (held) return { kind: 'change', add: [], remove: [clickedRoleId] };
      return addWithinCap(clickedRoleId, maxRoles, heldPanelRoleIds);
  }
}

function addWithinCap(roleId: string, maxRoles: number | null, heldPanelRoleIds: string[]): ClickDecision {
  if (maxRoles !== null && heldPanelRoleIds.length + 1 > maxRoles) {
    return { kind: 'max-roles', maxRoles, heldRoleIds: heldPanelRoleIds };
  }
  return { kind: 'change', add: [roleId], remove: [] };
}
