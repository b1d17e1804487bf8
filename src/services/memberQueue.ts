import { singleton } from 'tsyringe';

/**
 * Role changes made by earlier clicks of one member's current chain. Discord takes a click's
 * snapshot of the member's roles when it creates the interaction, so the second of two quick
 * clicks may lack what the first one changed. Applying these changes to that snapshot fixes it.
 */
export class MemberRoleChanges {
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  /** Returns the member's current roles: `snapshot` with this chain's changes applied. */
  applyTo(snapshot: ReadonlySet<string>): Set<string> {
    const roles = new Set(snapshot);
    for (const roleId of this.added) roles.add(roleId);
    for (const roleId of this.removed) roles.delete(roleId);
    return roles;
  }

  recordAdded(roleId: string): void {
    this.added.add(roleId);
    this.removed.delete(roleId);
  }

  recordRemoved(roleId: string): void {
    this.removed.add(roleId);
    this.added.delete(roleId);
  }
}

interface Chain {
  tail: Promise<void>;
  /** Tasks queued or running; the chain is dropped when this returns to 0. */
  pending: number;
  changes: MemberRoleChanges;
}

/**
 * Runs the tasks of one key (a member: guild id and user id) one after another, in the
 * order `run` was called. Different keys never wait on each other. A key's entry lives only
 * while it has tasks, so memory grows with the members clicking right now, not with all
 * members ever seen.
 */
@singleton()
export class MemberQueue {
  private readonly chains = new Map<string, Chain>();

  /** Queues `task` behind the key's earlier tasks; resolves or rejects with the task's result. */
  run<T>(key: string, task: (changes: MemberRoleChanges) => Promise<T>): Promise<T> {
    let chain = this.chains.get(key);
    if (chain === undefined) {
      chain = { tail: Promise.resolve(), pending: 0, changes: new MemberRoleChanges() };
      this.chains.set(key, chain);
    }
    const current = chain;
    current.pending += 1;

    const result = current.tail.then(() => task(current.changes));
    // A failed task must not stop the tasks queued behind it.
    current.tail = result.then(
      () => this.finish(key, current),
      () => this.finish(key, current),
    );
    return result;
  }

  /** Number of members with queued or running tasks. */
  get activeKeys(): number {
    return this.chains.size;
  }

  private finish(key: string, chain: Chain): void {
    chain.pending -= 1;
    if (chain.pending === 0 && this.chains.get(key) === chain) this.chains.delete(key);
  }
}
