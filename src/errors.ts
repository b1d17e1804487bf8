/**
 * An expected failure with a message written for the member or admin who caused it.
 * The interaction error handler replies with `userMessage` and logs at most a debug line.
 */
export class UserError extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = 'UserError';
  }
}

/** The panel changed since the admin's copy was rendered, so the edit is rejected rather than overwriting it. */
export class VersionConflictError extends UserError {
  constructor(panelId: number) {
    super(
      `Panel ${panelId} was changed by someone else since this editor was opened, so nothing was saved. ` +
        'Run /panel edit again to see the current version, then repeat your change.',
    );
    this.name = 'VersionConflictError';
  }
}

/** The database could not be reached; members are asked to retry rather than shown an internal error. */
export class DatabaseUnavailableError extends UserError {
  constructor(override readonly cause: unknown) {
    super('The bot cannot reach its database right now, so nothing was changed. Please try again shortly.');
    this.name = 'DatabaseUnavailableError';
  }
}
