import {
  ValidationError,
  clampMaxRoles,
  formatColor,
  parseButtonStyle,
  parseColor,
  parseEmoji,
  parseMaxRoles,
  parseMode,
  quoteValue,
  validateDescription,
  validateLabel,
  validateMaxRolesAtCreate,
  validateTitle,
} from '../../src/services/validation';

describe('validateTitle', () => {
  it('trims', () => expect(validateTitle('  Games  ')).toBe('Games'));
  it('accepts 256 characters', () => expect(validateTitle('t'.repeat(256))).toHaveLength(256));
  it('rejects 257 characters', () => expect(() => validateTitle('t'.repeat(257))).toThrow('at most 256'));
  it('rejects whitespace only', () => expect(() => validateTitle(' \n\t ')).toThrow(ValidationError));
});

describe('validateDescription', () => {
  it('maps blank to null', () => expect(validateDescription('   ')).toBeNull());
  it('maps missing to null', () => expect(validateDescription(undefined)).toBeNull());
  it('accepts 4096 characters', () => expect(validateDescription('d'.repeat(4096))).toHaveLength(4096));
  it('rejects 4097 characters', () => expect(() => validateDescription('d'.repeat(4097))).toThrow('at most 4096'));
});

describe('parseColor', () => {
  it.each([
    ['#5865F2', 0x5865f2],
    ['5865f2', 0x5865f2],
    ['red', 0xed4245],
    ['Blurple', 0x5865f2],
    ['dark blue', 0x206694],
    ['dark_but_not_black', 0x2c2f33],
  ])('reads %s', (input, expected) => expect(parseColor(input)).toBe(expected));

  it('maps blank to null', () => expect(parseColor('  ')).toBeNull());
  it.each(['#12345', '#GGGGGG', 'chartreuse', '0x5865F2'])('rejects %s', (input) => {
    expect(() => parseColor(input)).toThrow(`\`${input}\` is not valid`);
  });
  it('round-trips formatColor', () => expect(parseColor(formatColor(0x00ff08))).toBe(0x00ff08));
});

describe('validateLabel', () => {
  it('defaults to role name', () => expect(validateLabel(undefined, 'gamers')).toBe('gamers'));
  it('cuts a long role name to 80', () => expect(validateLabel(null, 'n'.repeat(100))).toHaveLength(80));
  it('trims', () => expect(validateLabel('  Red  ', 'red')).toBe('Red'));
  it('rejects blank', () => expect(() => validateLabel('   ', 'red')).toThrow('label is empty'));
  it('rejects 81 characters', () => expect(() => validateLabel('l'.repeat(81), 'red')).toThrow('at most 80'));
});

describe('parseEmoji', () => {
  it.each(['🎮', '❤️', '1️⃣', '🇫🇷', '👍🏽', '👩‍💻', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '<:party:123456789012345678>', '<a:dance:123456789012345678>'])('accepts %s', (emoji) => {
    expect(parseEmoji(` ${emoji} `)).toBe(emoji);
  });
  it.each(['smile', ':smile:', '🎮🎮', 'a', '1', '<:x:123>', '<:party:abc>', '🇫'])('rejects %s', (emoji) => {
    expect(() => parseEmoji(emoji)).toThrow(ValidationError);
  });
  it('maps blank to null', () => expect(parseEmoji('')).toBeNull());
});

describe('parseButtonStyle', () => {
  it('reads any case', () => expect(parseButtonStyle('Danger', 'secondary')).toBe('danger'));
  it('keeps fallback on blank', () => expect(parseButtonStyle('', 'primary')).toBe('primary'));
  it('rejects unknown', () => expect(() => parseButtonStyle('pink', 'primary')).toThrow('`pink`'));
});

describe('parseMode', () => {
  it('reads toggle', () => expect(parseMode('toggle')).toBe('toggle'));
  it('rejects unknown', () => expect(() => parseMode('random')).toThrow('`random`'));
});

describe('max-roles', () => {
  it('create accepts 1 and 25', () => {
    expect(validateMaxRolesAtCreate(1)).toBe(1);
    expect(validateMaxRolesAtCreate(25)).toBe(25);
  });
  it.each([0, 26, -1, 2.5])('create rejects %s', (value) => expect(() => validateMaxRolesAtCreate(value)).toThrow(ValidationError));
  it('editor accepts up to role count', () => expect(parseMaxRoles(' 3 ', 3)).toBe(3));
  it('editor rejects above role count', () => expect(() => parseMaxRoles('4', 3)).toThrow('from 1 to 3'));
  it('editor rejects text', () => expect(() => parseMaxRoles('two', 3)).toThrow('`two`'));
  it('editor rejects any cap without roles', () => expect(() => parseMaxRoles('1', 0)).toThrow('no roles yet'));
  it('editor maps blank to no limit', () => expect(parseMaxRoles(' ', 3)).toBeNull());
  it('clamps to role count', () => expect(clampMaxRoles(5, 3)).toBe(3));
  it('clears when no roles left', () => expect(clampMaxRoles(2, 0)).toBeNull());
  it('keeps a cap that fits', () => expect(clampMaxRoles(2, 3)).toBe(2));
});

describe('quoteValue', () => {
  it('wraps in inline code', () => expect(quoteValue('@everyone')).toBe('`@everyone`'));
  it('defuses backticks', () => expect(quoteValue('a`b')).not.toContain('a`b'));
  it('joins lines', () => expect(quoteValue('a\nb')).toBe('`a b`'));
  it('cuts long values', () => expect(quoteValue('v'.repeat(300)).length).toBeLessThanOrEqual(102));
});

describe('direction controls', () => {
  it('rejects a right-to-left override in a title', () => {
    expect(() => validateTitle('Roles \u202Eevil')).toThrow('direction control U+202E');
  });
  it('rejects an isolate in a label', () => {
    expect(() => validateLabel('Red \u2067x', 'red')).toThrow('The label contains');
  });
  it('rejects an embedding in a description', () => {
    expect(() => validateDescription('a\u202Bb')).toThrow('The description contains');
  });
  it('accepts right-to-left text', () => {
    expect(validateTitle('מדריך')).toBe('מדריך');
  });
});
