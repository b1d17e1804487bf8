import { KeyedQueue } from '../../src/services/KeyedQueue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('runs one key in call order', async () => {
    const queue = new KeyedQueue<string>();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run('a', () => new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => void order.push('first')));
    const second = queue.run('a', async () => void order.push('second'));

    await tick();
    expect(order).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('lets other keys run meanwhile', async () => {
    const queue = new KeyedQueue<string>();
    let releaseBlocked!: () => void;
    const blocked = queue.run('a', () => new Promise<void>((resolve) => (releaseBlocked = resolve)));

    await expect(queue.run('b', async () => 'done')).resolves.toBe('done');
    releaseBlocked();
    await blocked;
  });

  it('continues after a failed task', async () => {
    const queue = new KeyedQueue<string>();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'next');

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('forgets idle keys', async () => {
    const queue = new KeyedQueue<string>();
    await queue.run('a', async () => undefined);
    await queue.run('b', async () => undefined);
    await tick();
    expect(queue.activeKeys).toBe(0);
  });
});
