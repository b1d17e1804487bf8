import { spawnSync } from 'node:child_process';
import path from 'node:path';

const DEMO = path.join(__dirname, '..', '..', 'dist', 'demo', 'run.js');

describe('npm run demo', () => {
  it('plays the scripted session', () => {
    const result = spawnSync(process.execPath, [DEMO], { encoding: 'utf8', timeout: 60000, env: { PATH: process.env.PATH ?? '' } });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Added @red.');
    expect(result.stdout).toContain('Removed @red.');
    expect(result.stdout).toContain('is now above the bot');
    expect(result.stdout).toMatch(/@red added for Max; reason: Role panel 1/);
  });
});
