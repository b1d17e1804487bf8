import { MemberQueue } from '../../src/services/memberQueue';

/** A promise with its resolve function, to hold a task until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('MemberQueue', () => {
  it('runs one key in call order', async () => {
    const queue = new MemberQueue();
    const order: string[] = [];
    const first = gate();
    const a = queue.run('g:u', async () => {
      await first.promise;
      order.push('first');
    });
    const b = queue.run('g:u', async () => {
      order.push('second');
    });
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual(['first', 'second']);
  });

  it('lets other keys pass', async () => {
    const queue = new MemberQueue();
    const blocked = gate();
    const slow = queue.run('g:u1', () => blocked.promise);
    const fast = await queue.run('g:u2', async () => 'done');
    expect(fast).toBe('done');
    blocked.open();
    await slow;
  });

  it('continues after a failed task', async () => {
    const queue = new MemberQueue();
    const failing = queue.run('g:u', async () => {
      throw new Error('boom');
    });
    const next = queue.run('g:u', async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('shares role changes within a chain', async () => {
    const queue = new MemberQueue();
    const snapshot = new Set(['everyone']);
    const first = queue.run('g:u', async (changes) => {
      changes.recordAdded('red');
      return changes.applyTo(snapshot);
    });
    const second = queue.run('g:u', async (changes) => {
      changes.recordRemoved('red');
      changes.recordAdded('blue');
      return changes.applyTo(snapshot);
    });
    expect([...(await first)].sort()).toEqual(['everyone', 'red']);
    expect([...(await second)].sort()).toEqual(['blue', 'everyone']);
  });

  it('drops idle keys', async () => {
    const queue = new MemberQueue();
    await Promise.all(Array.from({ length: 50 }, (_, index) => queue.run(`g:u${index % 10}`, async () => index)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.activeKeys).toBe(0);
  });

  it('starts idle keys afresh', async () => {
    const queue = new MemberQueue();
    await queue.run('g:u', async (changes) => changes.recordAdded('red'));
    await new Promise((resolve) => setImmediate(resolve));
    const roles = await queue.run('g:u', async (changes) => changes.applyTo(new Set()));
    expect([...roles]).toEqual([]);
  });
});
