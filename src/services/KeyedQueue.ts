/**
 * Runs tasks of the same key one after another, in the order `run` was called; tasks of
 * different keys do not wait for each other. A key's entry is removed when its last task
 * settles, so memory grows with the keys busy right now.
 */
export class KeyedQueue<K> {
  private readonly tails = new Map<K, Promise<void>>();

  /** Queues `task` behind the key's earlier tasks and settles with its result. A failed task does not stop later ones. */
  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Number of keys with queued or running tasks. */
  get activeKeys(): number {
    return this.tails.size;
  }
}
