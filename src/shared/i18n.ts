// Every string the user reads comes from here: t(key, ...substitutions) looks the key up in the extension's
// _locales/<lang>/messages.json (browser.i18n.getMessage, installed by src/platform/i18n.ts in each extension
// context), falling back to the bundled English messages (Node tests, the views harness, a context that has not
// installed a lookup). Pure: no browser API here — the lookup is injected.
//
// Message format (Chrome/Firefox i18n): "Window $CURRENT$ of $TOTAL$" with placeholders
// { current: { content: "$1" }, total: { content: "$2" } }; "$$" is a literal "$". Substitutions are positional
// ($1…$9), so a translation may put them in any order. Token text, model ids and numbers are substitutions, never
// part of a message.
import en from '../../_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export type Substitution = string | number;

/** One locale's messages.json. */
export type Catalog = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> }>;

/** A lookup as browser.i18n.getMessage: the message with its substitutions, or '' / undefined when unknown. */
export type MessageLookup = (key: string, substitutions: string[]) => string | undefined;

/** Formats a catalog entry the way browsers do: named placeholders, then $1…$9, then $$. */
export function formatMessage(catalog: Catalog, key: string, substitutions: readonly string[]): string | undefined {
  const entry = catalog[key] ?? catalog[findKey(catalog, key)];
  if (!entry) return undefined;
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (all, name: string) => placeholders[name.toLowerCase()] ?? all);
  return named.replace(/\$(\$|[1-9])/g, (_all, d: string) => (d === '$' ? '$' : (substitutions[Number(d) - 1] ?? '')));
}

/** Message names are case-insensitive in browsers. */
function findKey(catalog: Catalog, key: string): string {
  const lower = key.toLowerCase();
  return Object.keys(catalog).find((k) => k.toLowerCase() === lower) ?? key;
}

/** A lookup over a catalog (the bundled English one, or a locale read from the extension's files). */
export function catalogLookup(catalog: Catalog): MessageLookup {
  return (key, substitutions) => formatMessage(catalog, key, substitutions);
}

const english = catalogLookup(en as Catalog);
let lookup: MessageLookup = english;

/** Installs the context's lookup (src/platform/i18n.ts); null goes back to the bundled English. */
export function setMessageLookup(fn: MessageLookup | null): void {
  lookup = fn ?? english;
}

/** The message `key` in the user's language, with its substitutions. */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  const subs = substitutions.map(String);
  let text: string | undefined;
  try {
    text = lookup(key, subs);
  } catch {
    text = undefined; // a context whose i18n API went away (an orphaned content script): English below
  }
  return text || english(key, subs) || key;
}

/**
 * A message with non-text parts (elements, links) in it: the message is split at its substitutions and `parts`
 * are put in their places, so a translation may move them. For JSX: `<p>{tParts('key', <b>…</b>)}</p>`.
 */
export function tParts<T>(key: MessageKey, ...parts: T[]): Array<string | T> {
  const marks = parts.map((_, i) => `\uE000${i}\uE001`);
  const text = t(key, ...marks);
  const out: Array<string | T> = [];
  for (const piece of text.split(/(\uE000\d+\uE001)/)) {
    const m = /^\uE000(\d+)\uE001$/.exec(piece);
    if (m) out.push(parts[Number(m[1])]);
    else if (piece) out.push(piece);
  }
  return out;
}

/**
 * A record of messages read when used (a module-level table of labels, looked up in the language of the moment):
 * `messages({ q8: 'variant_q8' }).q8` is t('variant_q8').
 */
export function messages<K extends string>(keys: Record<K, MessageKey>): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(keys) as K[]) Object.defineProperty(out, k, { enumerable: true, get: () => t(keys[k]) });
  return out;
}

/** The language the messages are in (a BCP 47 tag for `lang` attributes: "en", "zh-CN"). */
export function messageLanguage(): string {
  return t('locale_tag');
}
