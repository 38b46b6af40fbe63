// The folder tree is the architecture: these rules keep it so. Browser APIs and browser differences live in
// src/platform only; src/core and src/shared are pure (also enforced by tsconfig.pure.json in `npm run typecheck`)
// and depend on nothing outside themselves.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** Code without comments and string contents, so prose and URLs ("chrome://") do not count. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

const files = sources(SRC);
const outsidePlatform = files.filter((f) => !relative(SRC, f).startsWith('platform'));

describe('architecture boundaries', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(outsidePlatform.length).toBeLessThan(files.length);
  });

  it('no module outside src/platform calls chrome.* / browser.* or imports webextension-polyfill', () => {
    const offenders = outsidePlatform.filter((f) => /\b(chrome|browser)\.[a-z]/.test(code(f)) || readFileSync(f, 'utf8').includes("'webextension-polyfill'"));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('no module outside src/platform checks which browser it runs in', () => {
    const offenders = outsidePlatform.filter((f) =>
      /IS_FIREFOX|__AL_FIREFOX__|BROWSER_NAME|navigator\.userAgent|platform\/build/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('src/core and src/shared import only from src/core and src/shared', () => {
    const pure = files.filter((f) => /^(core|shared)\//.test(relative(SRC, f)));
    expect(pure.length).toBeGreaterThan(20);
    const bad: string[] = [];
    for (const f of pure) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1];
        if (!spec.startsWith('.')) {
          // Pure libraries without browser APIs may be used by pure code: the runtime's tensor types and the
          // tokenizer library (Hugging Face's tokenizers in JavaScript).
          if (!spec.startsWith('onnxruntime-web') && spec !== '@huggingface/tokenizers') bad.push(`${relative(ROOT, f)} → ${spec}`);
          continue;
        }
        const target = relative(SRC, resolve(dirname(f), spec));
        // Data, not code: the default locale's messages, the English fallback of src/shared/i18n.ts t().
        if (relative(ROOT, resolve(dirname(f), spec)) === '_locales/en/messages.json') continue;
        if (!/^(core|shared)\//.test(target)) bad.push(`${relative(ROOT, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
