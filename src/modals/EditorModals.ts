import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { Discord, ModalComponent } from 'discordx';
import { injectable } from 'tsyringe';
import { assignabilityFor, requireEditorTarget, requireManageRoles, requireRole, toRoleFacts, type AdminInteraction } from '../discord/adminInteraction';
import { EDITOR_PATTERNS } from '../discord/customIds';
import { MODAL_FIELDS, buildEditorMessage, type EditorView } from '../discord/editorView';
import { PanelAdmin } from '../services/PanelAdmin';

/**
 * Submits of the editor's modals. The modal's custom id carries the version the editor
 * showed when it was opened, so a submit after someone else's change is rejected. Input
 * is validated and stored before the acknowledgement, so a rejection leaves the editor
 * in place and arrives as a new ephemeral reply.
 */
@Discord()
@injectable()
export class EditorModals {
  constructor(private readonly admin: PanelAdmin) {}

  @ModalComponent({ id: EDITOR_PATTERNS.modal.text })
  async text(interaction: ModalSubmitInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.modal.text, interaction.customId);
    const fields = interaction.fields;
    const notes = await this.admin.updateText(
      interaction.guildId,
      target.panelId,
      {
        title: fields.getTextInputValue(MODAL_FIELDS.title),
        // Left out of the modal when too long for a text input: keep the stored one.
        description: fields.fields.has(MODAL_FIELDS.description) ? fields.getTextInputValue(MODAL_FIELDS.description) : undefined,
        color: fields.getTextInputValue(MODAL_FIELDS.color),
      },
      target.version,
    );

    await this.finish(interaction, target.panelId, notes, { kind: 'main' });
  }

  @ModalComponent({ id: EDITOR_PATTERNS.modal.max })
  async maxRoles(interaction: ModalSubmitInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.modal.max, interaction.customId);
    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);
    const raw = interaction.fields.getTextInputValue(MODAL_FIELDS.maxRoles);
    const notes = await this.admin.setMaxRoles(interaction.guildId, panel.id, raw, panel.roles.length, target.version);

    await this.finish(interaction, panel.id, notes, { kind: 'settings' });
  }

  @ModalComponent({ id: EDITOR_PATTERNS.roleModal })
  async addRole(interaction: ModalSubmitInteraction): Promise<void> {
    requireManageRoles(interaction);
    const target = requireEditorTarget(EDITOR_PATTERNS.roleModal, interaction.customId);
    const panel = await this.admin.requireVersion(interaction.guildId, target.panelId, target.version);
    // The rules run again: the role may have moved while the modal was open.
    const role = toRoleFacts(requireRole(interaction.guild, target.extra as string));
    const input = {
      label: interaction.fields.getTextInputValue(MODAL_FIELDS.label),
      emoji: interaction.fields.getTextInputValue(MODAL_FIELDS.emoji),
      style: interaction.fields.getStringSelectValues(MODAL_FIELDS.style)[0] ?? null,
    };
    const notes = await this.admin.addRole(panel, role, input, await assignabilityFor(interaction), target.version);

    await this.finish(interaction, panel.id, notes, { kind: 'main' });
  }

  /** Acknowledges, re-renders the posted message, and shows the editor again from the database. */
  private async finish(interaction: AdminInteraction<ModalSubmitInteraction>, panelId: number, notes: string[], view: EditorView): Promise<void> {
    if (interaction.isFromMessage()) await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });

    const result = await this.admin.finishChange(interaction.guildId, panelId, notes);

    await interaction.editReply(buildEditorMessage(result.panel, view, result));
  }
}
