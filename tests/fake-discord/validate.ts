import { ApiErrors } from './errors';
import type { Json } from './model';

/**
 * Collector of failed checks against Discord's documented limits. Any
 * failure becomes a 400 response with code 50035 "Invalid Form Body" and
 * Discord's nested `errors` object, whose leaves are `{ _errors: [{ code, message }] }`.
 */
class FormErrors {
  private readonly errors: Json = {};
  private count = 0;

  add(path: (string | number)[], code: string, message: string): void {
    let node = this.errors;
    for (const key of path) {
      node[key] ??= {};
      node = node[key];
    }
    node._errors ??= [];
    node._errors.push({ code, message });
    this.count += 1;
  }

  throwIfAny(): void {
    if (this.count > 0) throw ApiErrors.invalidFormBody(this.errors);
  }
}

function checkLength(errors: FormErrors, path: (string | number)[], value: unknown, min: number, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    errors.add(path, 'STRING_TYPE_CONVERT', 'Could not interpret the value as string.');
    return;
  }
  if (value.length < min || value.length > max) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }
}

function checkEmbed(errors: FormErrors, path: (string | number)[], embed: Json): void {
  checkLength(errors, [...path, 'title'], embed.title, 0, 256);
  checkLength(errors, [...path, 'description'], embed.description, 0, 4096);
  if (embed.color !== undefined && embed.color !== null && (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff)) {
    errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  const fields: Json[] = embed.fields ?? [];
  if (fields.length > 25) errors.add([...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  fields.forEach((field, index) => {
    checkLength(errors, [...path, 'fields', index, 'name'], field.name, 1, 256);
    checkLength(errors, [...path, 'fields', index, 'value'], field.value, 1, 1024);
  });
  if (embed.footer) checkLength(errors, [...path, 'footer', 'text'], embed.footer.text, 1, 2048);
  if (embed.author) checkLength(errors, [...path, 'author', 'name'], embed.author.name, 1, 256);
}

function checkButton(errors: FormErrors, path: (string | number)[], button: Json, customIds: Set<string>): void {
  const isLink = button.style === 5;
  const isPremium = button.style === 6;
  if (!Number.isInteger(button.style) || button.style < 1 || button.style > 6) {
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', `Value must be one of {1, 2, 3, 4, 5, 6}.`);
  }
  if (isLink) {
    if (!button.url) errors.add([...path, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (button.custom_id !== undefined) errors.add([...path, 'custom_id'], 'COMPONENT_LINK_BUTTON_HAS_CUSTOM_ID', 'A link button cannot have a custom id.');
  } else if (!isPremium) {
    checkCustomId(errors, [...path, 'custom_id'], button.custom_id, customIds);
  }
  checkLength(errors, [...path, 'label'], button.label, 0, 80);
  if (!isPremium && !button.label && !button.emoji) {
    errors.add([...path, 'label'], 'BASE_TYPE_REQUIRED', 'A button needs a label or an emoji.');
  }
}

function checkCustomId(errors: FormErrors, path: (string | number)[], customId: unknown, customIds: Set<string>): void {
  if (typeof customId !== 'string' || customId.length === 0) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (customId.length > 100) errors.add(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  if (customIds.has(customId)) errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  customIds.add(customId);
}

function checkSelect(errors: FormErrors, path: (string | number)[], select: Json, customIds: Set<string>): void {
  checkCustomId(errors, [...path, 'custom_id'], select.custom_id, customIds);
  checkLength(errors, [...path, 'placeholder'], select.placeholder, 0, 150);
  const minValues = select.min_values ?? 1;
  const maxValues = select.max_values ?? 1;
  if (minValues < 0 || minValues > 25) errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'Must be between 0 and 25.');
  if (maxValues < 1 || maxValues > 25) errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'Must be between 1 and 25.');
  if (select.type === 3) {
    const options: Json[] = select.options ?? [];
    if (options.length < 1 || options.length > 25) {
      errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
    }
    if (maxValues > options.length) {
      errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_TOO_LARGE', 'max_values cannot exceed the number of options.');
    }
    const values = new Set<string>();
    options.forEach((option, index) => {
      checkLength(errors, [...path, 'options', index, 'label'], option.label, 1, 100);
      checkLength(errors, [...path, 'options', index, 'value'], option.value, 1, 100);
      checkLength(errors, [...path, 'options', index, 'description'], option.description, 0, 100);
      if (values.has(option.value)) {
        errors.add([...path, 'options', index, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Option values must be unique.');
      }
      values.add(option.value);
    });
  }
}

/** Checks message components: at most 5 action rows, 5 buttons or 1 select per row, unique custom ids. */
function checkComponents(errors: FormErrors, components: Json[], isComponentsV2: boolean): void {
  if (isComponentsV2) return; // NOTE: the newer layout components are not validated by the fake.
  if (components.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const customIds = new Set<string>();
  components.forEach((row, rowIndex) => {
    const path = ['components', rowIndex];
    if (row.type !== 1) {
      errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Top-level components must be action rows (type 1).');
      return;
    }
    const children: Json[] = row.components ?? [];
    if (children.length < 1 || children.length > 5) {
      errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    const hasSelect = children.some((child) => child.type !== 2);
    if (hasSelect && children.length > 1) {
      errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'A select menu must be alone in its action row.');
    }
    children.forEach((child, childIndex) => {
      const childPath = [...path, 'components', childIndex];
      if (child.type === 2) checkButton(errors, childPath, child, customIds);
      else if ([3, 5, 6, 7, 8].includes(child.type)) checkSelect(errors, childPath, child, customIds);
      else errors.add([...childPath, 'type'], 'UNION_TYPE_CHOICES', `Component type ${child.type} is not allowed in a message action row.`);
    });
  });
}

/** Counts the characters of one embed that Discord's 6000-character total includes. */
function embedText(embed: Json): number {
  const fields: Json[] = embed.fields ?? [];
  const fieldText = fields.reduce((total, field) => total + (field.name?.length ?? 0) + (field.value?.length ?? 0), 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fieldText + (embed.footer?.text?.length ?? 0) + (embed.author?.name?.length ?? 0);
}

/**
 * Checks a message body (create, edit or interaction reply). `partial` is
 * true for edits, where an empty body is allowed.
 */
export function validateMessageBody(body: Json, partial: boolean): void {
  const errors = new FormErrors();
  const flags = body.flags ?? 0;
  const isComponentsV2 = (flags & (1 << 15)) !== 0;

  checkLength(errors, ['content'], body.content, 0, 2000);
  const embeds: Json[] = body.embeds ?? [];
  if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  embeds.forEach((embed, index) => checkEmbed(errors, ['embeds', index], embed));
  const embedTextLength = embeds.reduce((total, embed) => total + embedText(embed), 0);
  // Discord's 6000-character cap covers titles, descriptions, field names and values, footer text and author names of all embeds.
  if (embedTextLength > 6000) errors.add(['embeds'], 'MESSAGE_EMBED_TOO_LONG', 'Embed size exceeds maximum size of 6000');
  checkComponents(errors, body.components ?? [], isComponentsV2);
  errors.throwIfAny();

  if (!partial) {
    const hasContent = typeof body.content === 'string' && body.content.length > 0;
    const hasEmbeds = embeds.length > 0;
    const hasComponents = (body.components ?? []).length > 0;
    const hasFiles = (body.attachments ?? []).length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasFiles && !body.poll && !body.sticker_ids) {
      throw ApiErrors.emptyMessage();
    }
  }
}

/** Checks a modal: title up to 45, 1 to 5 rows, each with one text input (or a label wrapping one). */
export function validateModal(data: Json): void {
  const errors = new FormErrors();
  checkLength(errors, ['data', 'title'], data?.title, 1, 45);
  const customIds = new Set<string>();
  checkCustomId(errors, ['data', 'custom_id'], data?.custom_id, new Set());
  const components: Json[] = data?.components ?? [];
  if (components.length < 1 || components.length > 5) {
    errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  }
  components.forEach((row, rowIndex) => {
    const path = ['data', 'components', rowIndex];
    if (row.type === 10) return; // A text display carries no input.
    let inputs: Json[] = [];
    if (row.type === 18) inputs = [row.component];
    else if (row.type === 1) inputs = row.components ?? [];
    if (inputs.length !== 1) {
      errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'A modal row must contain exactly one input.');
      return;
    }
    const input = inputs[0];
    const inputPath = row.type === 18 ? [...path, 'component'] : [...path, 'components', 0];
    if (row.type === 18) checkLength(errors, [...path, 'label'], row.label, 1, 45);
    checkCustomId(errors, [...inputPath, 'custom_id'], input?.custom_id, customIds);
    if (input?.type === 4) {
      if (row.type === 1) checkLength(errors, [...inputPath, 'label'], input.label, 1, 45);
      checkLength(errors, [...inputPath, 'value'], input.value, 0, 4000);
      checkLength(errors, [...inputPath, 'placeholder'], input.placeholder, 0, 100);
      const min = input.min_length ?? 0;
      const max = input.max_length ?? 4000;
      if (min < 0 || min > 4000) errors.add([...inputPath, 'min_length'], 'NUMBER_TYPE_MAX', 'Must be between 0 and 4000.');
      if (max < 1 || max > 4000) errors.add([...inputPath, 'max_length'], 'NUMBER_TYPE_MAX', 'Must be between 1 and 4000.');
    } else if (![3, 5, 6, 7, 8].includes(input?.type)) {
      errors.add([...inputPath, 'type'], 'UNION_TYPE_CHOICES', `Component type ${input?.type} is not allowed in a modal.`);
    }
  });
  errors.throwIfAny();
}

/** Checks autocomplete choices: at most 25, names 1 to 100 characters. */
export function validateChoices(data: Json): void {
  const errors = new FormErrors();
  const choices: Json[] = data?.choices ?? [];
  if (!Array.isArray(data?.choices)) errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((choice, index) => {
    checkLength(errors, ['data', 'choices', index, 'name'], choice.name, 1, 100);
    if (typeof choice.value === 'string') checkLength(errors, ['data', 'choices', index, 'value'], choice.value, 1, 100);
  });
  errors.throwIfAny();
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

function checkCommandOptions(errors: FormErrors, path: (string | number)[], options: Json[]): void {
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((option, index) => {
    const optionPath = [...path, index];
    if (typeof option.name !== 'string' || !COMMAND_NAME.test(option.name) || option.name !== option.name.toLowerCase()) {
      errors.add([...optionPath, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    if (names.has(option.name)) errors.add([...optionPath, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    names.add(option.name);
    checkLength(errors, [...optionPath, 'description'], option.description, 1, 100);
    // Discord requires required options to come before optional ones.
    if (option.type > 2) {
      if (option.required && seenOptional) {
        errors.add([...optionPath, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
      if (!option.required) seenOptional = true;
    }
    const choices: Json[] = option.choices ?? [];
    if (choices.length > 25) errors.add([...optionPath, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    if (option.autocomplete && choices.length > 0) {
      errors.add([...optionPath, 'autocomplete'], 'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE', 'Autocomplete cannot be set with choices');
    }
    if (option.type === 1 || option.type === 2) checkCommandOptions(errors, [...optionPath, 'options'], option.options ?? []);
  });
}

/** Checks a command definition: name, description and options as Discord's registration does. */
export function validateCommand(definition: Json, path: (string | number)[] = []): void {
  const errors = new FormErrors();
  const type = definition.type ?? 1;
  const name = definition.name;
  if (typeof name !== 'string' || (type === 1 && (!COMMAND_NAME.test(name) || name !== name.toLowerCase()))) {
    errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === 1) checkLength(errors, [...path, 'description'], definition.description, 1, 100);
  checkCommandOptions(errors, [...path, 'options'], definition.options ?? []);
  errors.throwIfAny();
}
