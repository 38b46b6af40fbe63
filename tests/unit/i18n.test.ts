// src/shared/i18n.ts: the fallback formats messages as browsers do, an installed lookup wins, tParts keeps elements in
// the places a translation puts them, and the views render English without an extension around them.
import { afterEach, describe, expect, it } from 'vitest';
import { catalogLookup, formatMessage, messages, setMessageLookup, t, tParts, type Catalog } from '../../src/shared/i18n';
import zh from '../../_locales/zh_CN/messages.json';

afterEach(() => setMessageLookup(null));

describe('formatMessage (Chrome / Firefox messages.json semantics)', () => {
  const cat: Catalog = {
    win: { message: 'Window $CURRENT$ of $total$', placeholders: { current: { content: '$1' }, total: { content: '$2' } } },
    swap: { message: '$B$ before $a$', placeholders: { a: { content: '$1' }, b: { content: '$2' } } },
    money: { message: 'costs $$5 ($what$)', placeholders: { what: { content: '$1' } } },
    Mixed_Case: { message: 'found' },
  };
  it('named placeholders, case-insensitive, to positional substitutions', () => {
    expect(formatMessage(cat, 'win', ['3', '12'])).toBe('Window 3 of 12');
    expect(formatMessage(cat, 'swap', ['x', 'y'])).toBe('y before x');
  });
  it('$$ is a dollar sign; a missing substitution is empty; names are case-insensitive; unknown keys are undefined', () => {
    expect(formatMessage(cat, 'money', ['tea'])).toBe('costs $5 (tea)');
    expect(formatMessage(cat, 'win', ['3'])).toBe('Window 3 of ');
    expect(formatMessage(cat, 'mixed_case', [])).toBe('found');
    expect(formatMessage(cat, 'nope', [])).toBeUndefined();
  });
  it('a substitution that looks like a placeholder stays as it is', () => {
    expect(formatMessage(cat, 'win', ['$2', '$total$'])).toBe('Window $2 of $total$');
  });
});

describe('t()', () => {
  it('falls back to the bundled English messages', () => {
    expect(t('tab_head_view')).toBe('Head view');
    expect(t('win_name', 3, 12, '1,021', '1,530', '6,000')).toBe('Window 3 of 12 · tokens 1,021–1,530 of 6,000');
  });
  it('uses the installed lookup (browser.i18n.getMessage) and falls back per key to English when it has nothing', () => {
    setMessageLookup(catalogLookup(zh as Catalog));
    expect(t('tab_head_view')).toBe('注意力头视图');
    expect(t('win_name', 3, 12, '1,021', '1,530', '6,000')).toBe('第 3 个窗口，共 12 个 · 第 1,021–1,530 个词元，共 6,000 个');
    setMessageLookup(() => '');
    expect(t('tab_tokens')).toBe('Tokens');
    setMessageLookup(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(t('tab_tokens')).toBe('Tokens');
  });
  it('numbers become strings', () => {
    expect(t('ctl_head_n', 4)).toBe('Head 4');
  });
});

describe('tParts()', () => {
  it('puts the parts where the message has them, in the translation too', () => {
    const kbd = { el: 'kbd' };
    const menu = { el: 'menu' };
    expect(tParts('side_press_or', kbd, menu)).toEqual(['press ', kbd, ' or ', menu]);
    setMessageLookup(catalogLookup(zh as Catalog));
    expect(tParts('side_press_or', kbd, menu)).toEqual(['按 ', kbd, ' 或 ', menu]);
    expect(tParts('probe_masked', menu)).toEqual(['已遮盖 ', menu]);
  });
});

describe('messages()', () => {
  it('reads each label when used, in the language of that moment', () => {
    const labels = messages({ a: 'tab_tokens', b: 'tab_neuron' });
    expect(labels.a).toBe('Tokens');
    setMessageLookup(catalogLookup(zh as Catalog));
    expect(labels.a).toBe('词元');
    expect(Object.keys(labels)).toEqual(['a', 'b']);
  });
});
