import type { PanelMode } from '../../src/entities';
import { decideClick, type ClickDecision } from '../../src/services/clickDecision';

const PANEL = ['red', 'green', 'blue'];

interface Case {
  name: string;
  mode: PanelMode;
  member: string[];
  clicked: string;
  maxRoles?: number;
  requiredRoleId?: string;
  expected: ClickDecision;
}

const cases: Case[] = [
  { name: 'toggle adds missing role', mode: 'toggle', member: [], clicked: 'red', expected: { kind: 'change', add: ['red'], remove: [] } },
  { name: 'toggle removes held role', mode: 'toggle', member: ['red'], clicked: 'red', expected: { kind: 'change', add: [], remove: ['red'] } },
  { name: 'toggle keeps other roles', mode: 'toggle', member: ['green'], clicked: 'red', expected: { kind: 'change', add: ['red'], remove: [] } },
  {
    name: 'unique swaps held role',
    mode: 'unique',
    member: ['green', 'outside'],
    clicked: 'red',
    expected: { kind: 'change', add: ['red'], remove: ['green'] },
  },
  {
    name: 'unique drops all others',
    mode: 'unique',
    member: ['green', 'blue'],
    clicked: 'red',
    expected: { kind: 'change', add: ['red'], remove: ['green', 'blue'] },
  },
  { name: 'unique removes sole held role', mode: 'unique', member: ['red'], clicked: 'red', expected: { kind: 'change', add: [], remove: ['red'] } },
  {
    name: 'unique keeps clicked among several',
    mode: 'unique',
    member: ['red', 'blue'],
    clicked: 'red',
    expected: { kind: 'change', add: [], remove: ['blue'] },
  },
  {
    name: 'unique ignores the cap',
    mode: 'unique',
    member: ['green'],
    clicked: 'red',
    maxRoles: 1,
    expected: { kind: 'change', add: ['red'], remove: ['green'] },
  },
  { name: 'verify adds missing role', mode: 'verify', member: [], clicked: 'red', expected: { kind: 'change', add: ['red'], remove: [] } },
  { name: 'verify keeps held role', mode: 'verify', member: ['red'], clicked: 'red', expected: { kind: 'already-held' } },
  { name: 'drop removes held role', mode: 'drop', member: ['red'], clicked: 'red', expected: { kind: 'change', add: [], remove: ['red'] } },
  { name: 'drop ignores missing role', mode: 'drop', member: [], clicked: 'red', expected: { kind: 'not-held' } },
  {
    name: 'cap rejects addition',
    mode: 'toggle',
    member: ['green', 'blue'],
    clicked: 'red',
    maxRoles: 2,
    expected: { kind: 'max-roles', maxRoles: 2, heldRoleIds: ['green', 'blue'] },
  },
  {
    name: 'cap allows addition below it',
    mode: 'toggle',
    member: ['green'],
    clicked: 'red',
    maxRoles: 2,
    expected: { kind: 'change', add: ['red'], remove: [] },
  },
  {
    name: 'cap counts only panel roles',
    mode: 'verify',
    member: ['outside', 'other'],
    clicked: 'red',
    maxRoles: 1,
    expected: { kind: 'change', add: ['red'], remove: [] },
  },
  {
    name: 'cap allows removal over it',
    mode: 'toggle',
    member: ['red', 'green', 'blue'],
    clicked: 'red',
    maxRoles: 1,
    expected: { kind: 'change', add: [], remove: ['red'] },
  },
  {
    name: 'cap rejects verify addition',
    mode: 'verify',
    member: ['green'],
    clicked: 'red',
    maxRoles: 1,
    expected: { kind: 'max-roles', maxRoles: 1, heldRoleIds: ['green'] },
  },
  {
    name: 'required role missing',
    mode: 'toggle',
    member: ['red'],
    clicked: 'red',
    requiredRoleId: 'member',
    expected: { kind: 'missing-required-role', requiredRoleId: 'member' },
  },
  {
    name: 'required role gates drop',
    mode: 'drop',
    member: ['red'],
    clicked: 'red',
    requiredRoleId: 'member',
    expected: { kind: 'missing-required-role', requiredRoleId: 'member' },
  },
  {
    name: 'required role held',
    mode: 'toggle',
    member: ['member'],
    clicked: 'red',
    requiredRoleId: 'member',
    expected: { kind: 'change', add: ['red'], remove: [] },
  },
];

describe('decideClick', () => {
  it.each(cases)('$name', ({ mode, member, clicked, maxRoles, requiredRoleId, expected }) => {
    const decision = decideClick({
      mode,
      maxRoles: maxRoles ?? null,
      requiredRoleId: requiredRoleId ?? null,
      panelRoleIds: PANEL,
      memberRoleIds: new Set(member),
      clickedRoleId: clicked,
    });
    expect(decision).toEqual(expected);
  });
});
