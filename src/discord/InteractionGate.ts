import { MessageFlags, type Interaction } from 'discord.js';
import { MetadataStorage, type Client } from 'discordx';
import type { Logger } from '../logger';
import { replyWithError } from './errorReplies';
import { NO_MENTIONS } from './panelMessage';

/** Sent for a button, select menu or modal whose custom id no handler matches (forged, or from an old version). */
const UNKNOWN_COMPONENT_MESSAGE = 'This control is not recognised by the bot (it may come from an old or altered message), so nothing was changed.';

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
      if (!hasComponentHandler(interaction)) {
        this.logger.warn('Interaction with an unknown custom id', {
          interactionId: interaction.id,
          guildId: interaction.guildId,
          userId: interaction.user.id,
          customId: 'customId' in interaction ? interaction.customId.slice(0, 100) : undefined,
        });
        if (interaction.isRepliable()) {
          await interaction.reply({ content: UNKNOWN_COMPONENT_MESSAGE, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
        }
        return;
      }
      await this.client.executeInteraction(interaction);
    } catch (error) {
      await replyWithError(interaction, error, this.logger);
    }
  }
}

/**
 * False for a component or modal interaction whose custom id matches no registered pattern.
 * discordx drops such interactions silently, which would leave the user with "This
 * interaction failed" instead of an explanation.
 */
function hasComponentHandler(interaction: Interaction): boolean {
  const metadata = MetadataStorage.instance;
  if (interaction.isButton()) return metadata.buttonComponents.some((component) => component.isId(interaction.customId));
  if (interaction.isAnySelectMenu()) return metadata.selectMenuComponents.some((component) => component.isId(interaction.customId));
  if (interaction.isModalSubmit()) return metadata.modalComponents.some((component) => component.isId(interaction.customId));
  return true;
}
