import { ApplicationCommandOptionType, type AutocompleteInteraction } from 'discord.js';
import { SlashOption } from 'discordx';
import type { PanelAdmin } from '../services/PanelAdmin';

/** A command class whose `panel` option autocompletes: discordx calls the completer with the class instance as `this`. */
export interface PanelCommand {
  readonly admin: PanelAdmin;
}

async function suggestPanels(this: PanelCommand, interaction: AutocompleteInteraction): Promise<void> {
  if (!interaction.inCachedGuild()) {
    await interaction.respond([]);
    return;
  }
  const choices = await this.admin.suggestPanels(interaction.guildId, interaction.options.getFocused());
  await interaction.respond(choices);
}

/** The `panel` option: a panel of this guild by id or unique title, with autocomplete. */
export function PanelOption(): ReturnType<typeof SlashOption> {
  return SlashOption({
    name: 'panel',
    description: 'The panel: pick one, or type its id or exact title',
    type: ApplicationCommandOptionType.String,
    required: true,
    autocomplete: suggestPanels as (interaction: AutocompleteInteraction) => Promise<void>,
  });
}
