import { RejectionLog } from '../../src/services/rejectionLog';
import { recordingLogger } from './recordingLogger';

describe('RejectionLog', () => {
  it('logs first occurrence at once', () => {
    const { logger, entries } = recordingLogger();
    const log = new RejectionLog(logger);
    log.warn('role-deleted:1:2:3', 'Role click on a deleted role', { guildId: '1', panelId: 2, roleId: '3' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({ level: 'warn', message: 'Role click on a deleted role', fields: { guildId: '1', panelId: 2, roleId: '3' } });
    log.close();
  });

  it('sums up repeats in one line', () => {
    const { logger, entries } = recordingLogger();
    const log = new RejectionLog(logger);
    for (let index = 0; index < 5; index += 1) log.warn('k', 'Rejected', { guildId: '1' });
    expect(entries).toHaveLength(1);
    log.flush();
    expect(entries).toHaveLength(2);
    expect(entries[1].message).toBe('Rejected (repeated)');
    expect(entries[1].fields.repeats).toBe(4);
    expect(entries[1].fields.guildId).toBe('1');
    log.close();
  });

  it('logs again after a summary', () => {
    const { logger, entries } = recordingLogger();
    const log = new RejectionLog(logger);
    log.warn('k', 'Rejected', {});
    log.flush();
    log.warn('k', 'Rejected', {});
    expect(entries.map((entry) => entry.message)).toEqual(['Rejected', 'Rejected']);
    log.close();
  });

  it('bounds tracked keys', () => {
    const { logger, entries } = recordingLogger();
    const log = new RejectionLog(logger);
    const total = log.maxKeys + 25;
    for (let index = 0; index < total; index += 1) log.warn(`k${index}`, 'Rejected', {});
    expect(entries).toHaveLength(log.maxKeys);
    log.flush();
    const overflow = entries.find((entry) => entry.fields.untracked !== undefined);
    expect(overflow?.fields.untracked).toBe(25);
    log.close();
  });
});
