import type { Interaction } from 'discord.js';
import type { Client } from 'discordx';
import type { Logger } from '../logger';
import { replyWithError } from './errorReplies';

/**
 * The one path every interaction takes: it counts what is in flight so shutdown can wait
 * for it, awaits the discordx handler, and sends any error through the one error reply.
 */
export class InteractionGate {
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  /** Runs the interaction's handler; never rejects. */
  dispatch(interaction: Interaction): Promise<void> {
    if (!this.accepting) {
      this.logger.info('Interaction ignored during shutdown', { interactionId: interaction.id, guildId: interaction.guildId });
      return Promise.resolve();
    }
    const run = this.run(interaction);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Stops taking interactions and waits up to `timeoutMs` for those in flight. Returns how many did not finish. */
  async drain(timeoutMs: number): Promise<number> {
    this.accepting = false;
    if (this.inFlight.size === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    return this.inFlight.size;
  }

  private async run(interaction: Interaction): Promise<void> {
    try {
      await this.client.executeInteraction(interaction);
    } catch (error) {
      await replyWithError(interaction, error, this.logger);
    }
  }
}
