// The locales: _locales/<lang>/messages.json (Chrome / Firefox i18n format), en the default and complete, zh_CN complete.
// Every key in every locale, the same placeholders, nothing empty; every t() call in src/ names a key and passes as many
// substitutions as the message has placeholders; every key is used; the manifest's __MSG_…__ keys exist.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/shared/i18n';

const ROOT = resolve(__dirname, '../..');
const LOCALES = join(ROOT, '_locales');
const read = (lang: string) => JSON.parse(readFileSync(join(LOCALES, lang, 'messages.json'), 'utf8')) as Catalog;
const langs = readdirSync(LOCALES)
  .filter((d) => statSync(join(LOCALES, d)).isDirectory())
  .sort();
const catalogs = Object.fromEntries(langs.map((l) => [l, read(l)]));
const en = catalogs.en;
const keys = Object.keys(en);

/** Placeholder names a message uses ($NAME$), lower-cased as browsers match them. */
const used = (message: string) => [...new Set([...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()))].sort();
/** A message's placeholders as name → content. */
const declared = (e: Catalog[string]) => Object.fromEntries(Object.entries(e.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p.content]));

/** zh_CN messages that are the same in both languages (names, notation, a tag, punctuation around substitutions). */
const SAME_IN_ZH = new Set([
  'locale_tag',
  'app_name',
  'page_title_popup',
  'page_title_overlay',
  'page_title_sidepanel',
  'content_score_tooltip',
  'col_cls_short',
  'col_sep_short',
  'hub_hf',
  'opt_bytes_of',
  'backend_wasm_because',
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('locales', () => {
  it('en (default) and zh_CN are shipped', () => {
    expect(langs).toEqual(expect.arrayContaining(['en', 'zh_CN']));
    expect(keys.length).toBeGreaterThan(500);
  });

  it('every key is in every locale, and no locale has a key en lacks', () => {
    for (const lang of langs) {
      expect({ lang, missing: keys.filter((k) => !(k in catalogs[lang])) }).toEqual({ lang, missing: [] });
      expect({ lang, extra: Object.keys(catalogs[lang]).filter((k) => !(k in en)) }).toEqual({ lang, extra: [] });
    }
  });

  it('keys are valid message names (letters, digits, _; not the reserved @@)', () => {
    expect(keys.filter((k) => !/^[a-z][a-z0-9_]*$/.test(k))).toEqual([]);
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length); // names are case-insensitive
  });

  it('no message is empty', () => {
    for (const lang of langs)
      expect(
        Object.entries(catalogs[lang])
          .filter(([, e]) => !e.message?.trim())
          .map(([k]) => `${lang}:${k}`),
      ).toEqual([]);
  });

  it('placeholders: declared = used, $1…$n in order, the same in every locale', () => {
    const bad: string[] = [];
    for (const k of keys) {
      const want = declared(en[k]);
      const contents = Object.values(want).sort();
      if (contents.some((c, i) => c !== `$${i + 1}`)) bad.push(`en:${k}: contents ${contents.join(',')} are not $1…$${contents.length}`);
      if (contents.length > 9) bad.push(`en:${k}: more than 9 substitutions`);
      for (const lang of langs) {
        const e = catalogs[lang][k];
        if (!e) continue;
        const have = declared(e);
        if (JSON.stringify(have) !== JSON.stringify(want)) bad.push(`${lang}:${k}: placeholders ${JSON.stringify(have)} ≠ en ${JSON.stringify(want)}`);
        if (JSON.stringify(used(e.message)) !== JSON.stringify(Object.keys(want).sort()))
          bad.push(`${lang}:${k}: uses ${used(e.message).join(',')}, declares ${Object.keys(want).join(',')}`);
        // A "$" is a placeholder ($name$), a literal ($$), or a mistake.
        if (/\$(?![A-Za-z0-9_@]+\$|\$)/.test(e.message.replace(/\$[A-Za-z0-9_@]+\$/g, '').replace(/\$\$/g, ''))) bad.push(`${lang}:${k}: stray $`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('zh_CN is translated: Chinese text in every message that has words, Chinese punctuation next to Chinese', () => {
    const zh = catalogs.zh_CN;
    const untranslated = keys.filter(
      (k) => /\p{L}{2,}/u.test(en[k].message.replace(/\$[A-Za-z0-9_]+\$/g, '')) && !/\p{Script=Han}/u.test(zh[k].message) && !SAME_IN_ZH.has(k),
    );
    expect(untranslated).toEqual([]);
    const halfWidth = keys.filter((k) => /\p{Script=Han}[,;:!?()]|[,;:!?(]\p{Script=Han}/u.test(zh[k].message));
    expect(halfWidth).toEqual([]);
  });

  it('the same words for the same things in zh_CN (层, 注意力头, 词元, 热力图)', () => {
    const zh = catalogs.zh_CN;
    const text = keys.map((k) => zh[k].message).join('\n');
    for (const other of ['标记', '令牌', '注意头', '图层', '热图 ', '头部']) expect({ other, found: text.includes(other) }).toEqual({ other, found: false });
    expect(zh.tab_tokens.message).toBe('词元');
    expect(zh.ctl_layer.message).toBe('层');
    expect(zh.tab_heads.message).toBe('注意力头');
  });
});

describe('messages in the code', () => {
  const files = sources(join(ROOT, 'src'));
  const calls: Array<{ where: string; key: string; args: number; spread: boolean }> = [];
  const literals = new Set<string>();
  for (const f of files) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, f.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const where = (n: ts.Node) => `${relative(ROOT, f)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    /** The keys an expression can be: a literal, or either branch of a conditional (nested). */
    const keysOf = (e: ts.Expression): string[] => {
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
      if (ts.isConditionalExpression(e)) return [...keysOf(e.whenTrue), ...keysOf(e.whenFalse)];
      if (ts.isParenthesizedExpression(e)) return keysOf(e.expression);
      return [];
    };
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literals.add(n.text);
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && (n.expression.text === 't' || n.expression.text === 'tParts') && n.arguments.length) {
        const rest = n.arguments.slice(1);
        for (const key of keysOf(n.arguments[0])) calls.push({ where: where(n), key, args: rest.length, spread: rest.some(ts.isSpreadElement) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }

  it('finds the t() calls', () => {
    expect(calls.length).toBeGreaterThan(500);
  });

  it('every t() / tParts() call names a message and passes one substitution per placeholder', () => {
    const bad = calls
      .filter((c) => !c.spread)
      .flatMap((c) => {
        if (!(c.key in en)) return [`${c.where}: no message ${c.key}`];
        const n = Object.keys(en[c.key].placeholders ?? {}).length;
        return n === c.args ? [] : [`${c.where}: ${c.key} takes ${n} substitution(s), got ${c.args}`];
      });
    expect(bad).toEqual([]);
  });

  it('every message is used (by the code, by a table of keys, or by the manifest)', () => {
    const manifest = readFileSync(join(ROOT, 'manifest.json'), 'utf8') + readFileSync(join(ROOT, 'vite.config.ts'), 'utf8');
    const unused = keys.filter((k) => !literals.has(k) && !manifest.includes(`__MSG_${k}__`));
    expect(unused).toEqual([]);
  });

  it("the manifest's texts are messages, with en as the default locale", () => {
    const m = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      commands: Record<string, { description?: string }>;
      action: { default_title: string };
    };
    expect(m.default_locale).toBe('en');
    const texts = [m.name, m.description, m.action.default_title, ...Object.values(m.commands).map((c) => c.description)] as string[];
    for (const s of texts) {
      const key = /^__MSG_(\w+)__$/.exec(s)?.[1];
      expect({ s, key: key && key in en }).toEqual({ s, key: true });
    }
    const vite = readFileSync(join(ROOT, 'vite.config.ts'), 'utf8');
    for (const key of vite.matchAll(/__MSG_(\w+)__/g)) expect(key[1] in en).toBe(true);
    // Chrome Web Store limits: name ≤ 75 characters, description ≤ 132, command descriptions short.
    for (const lang of langs) {
      expect(catalogs[lang].app_name.message.length).toBeLessThanOrEqual(75);
      expect(catalogs[lang].app_description.message.length).toBeLessThanOrEqual(132);
    }
  });
});
