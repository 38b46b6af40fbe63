// The release tooling in scripts/lib: browser discovery (with a fake file system and environment), the ZIP
// writer (read back with an independent minimal reader over node:zlib) and the third-party notices.
import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumCandidates, findChromium, findFirefox } from '../../scripts/lib/find-browser.mjs';
import { crc32, zip } from '../../scripts/lib/zip.mjs';
import { packageDirOf, prebundledPackages, thirdPartyNoticesText } from '../../scripts/lib/third-party-notices.mjs';
import { markdownPage } from '../../scripts/lib/release-files.mjs';

const fakeFs = (...present: string[]) => ({ isExecutable: (p: string) => present.includes(p), listDir: () => [] as string[] });

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first', () => {
    const env = { CHROMIUM_PATH: '/opt/my/chrome' };
    expect(findChromium({ env, platform: 'linux', ...fakeFs('/opt/my/chrome', '/usr/lib/chromium/chromium') })).toBe('/opt/my/chrome');
  });

  it('says so when CHROMIUM_PATH is not an executable, instead of silently using another browser', () => {
    const env = { CHROMIUM_PATH: '/nope' };
    expect(() => findChromium({ env, platform: 'linux', ...fakeFs('/usr/lib/chromium/chromium') })).toThrow(/CHROMIUM_PATH=\/nope is not an executable/);
  });

  it("prefers Debian's real binary over its wrapper script on Linux", () => {
    expect(findChromium({ env: {}, platform: 'linux', ...fakeFs('/usr/bin/chromium', '/usr/lib/chromium/chromium') })).toBe('/usr/lib/chromium/chromium');
    expect(findChromium({ env: {}, platform: 'linux', ...fakeFs('/usr/bin/chromium') })).toBe('/usr/bin/chromium');
  });

  it('finds Chromium.app, then Chrome for Testing on macOS', () => {
    const cft = '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    expect(findChromium({ env: {}, platform: 'darwin', home: '/Users/u', ...fakeFs(cft) })).toBe(cft);
    const chromium = '/Users/u/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findChromium({ env: {}, platform: 'darwin', home: '/Users/u', ...fakeFs(cft, chromium) })).toBe(chromium);
  });

  it('finds Chromium under %LOCALAPPDATA% on Windows', () => {
    const env = { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' };
    const exe = 'C:\\Users\\u\\AppData\\Local\\Chromium\\Application\\chrome.exe';
    expect(findChromium({ env, platform: 'win32', ...fakeFs(exe) })).toBe(exe);
  });

  it('tries the newest Chrome for Testing download first', () => {
    const listDir = (p: string) => (p.endsWith('/chrome') ? ['linux-99.0.1.2', 'linux-131.0.6778.85', 'linux-131.0.6778.9'] : []);
    const list = chromiumCandidates({ env: {}, platform: 'linux', home: '/home/u', listDir }).filter((p) => p.includes('linux-'));
    expect(list[0]).toMatch(/linux-131\.0\.6778\.85\/chrome-linux64\/chrome$/);
    expect(list[2]).toMatch(/linux-99\.0\.1\.2\//);
  });

  it('names what to install, and why not branded Chrome, when nothing is found', () => {
    let message = '';
    try {
      findChromium({ env: {}, platform: 'linux', ...fakeFs() });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/No Chromium or Chrome for Testing found/);
    expect(message).toMatch(/\/usr\/lib\/chromium\/chromium/);
    expect(message).toMatch(/Chrome 137 it ignores --load-extension/);
    expect(message).toMatch(/CHROMIUM_PATH/);
  });
});

describe('findFirefox', () => {
  it('takes FIREFOX_PATH, then firefox-esr before firefox', () => {
    expect(findFirefox({ env: { FIREFOX_PATH: '/x/ff' }, platform: 'linux', ...fakeFs('/x/ff') })).toBe('/x/ff');
    expect(findFirefox({ env: {}, platform: 'linux', ...fakeFs('/usr/bin/firefox', '/usr/bin/firefox-esr') })).toBe('/usr/bin/firefox-esr');
    expect(findFirefox({ env: {}, platform: 'linux', ...fakeFs('/usr/bin/firefox') })).toBe('/usr/bin/firefox');
  });

  it('finds Firefox on Windows and macOS, and says what to install otherwise', () => {
    const win = 'C:\\Program Files\\Mozilla Firefox\\firefox.exe';
    expect(findFirefox({ env: { ProgramFiles: 'C:\\Program Files' }, platform: 'win32', ...fakeFs(win) })).toBe(win);
    expect(findFirefox({ env: {}, platform: 'darwin', home: '/Users/u', ...fakeFs('/Applications/Firefox.app/Contents/MacOS/firefox') })).toBe(
      '/Applications/Firefox.app/Contents/MacOS/firefox',
    );
    expect(() => findFirefox({ env: {}, platform: 'linux', ...fakeFs() })).toThrow(/Install Firefox or Firefox ESR.*FIREFOX_PATH/);
  });
});

/** An independent reader: the central directory, then each entry's local header and data. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    out.set(name, data);
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

describe('zip', () => {
  it('round-trips text, binary, empty and UTF-8-named entries, deflating only when it helps', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    const entries = [
      { name: 'manifest.json', data: JSON.stringify({ a: 'x'.repeat(1000) }) },
      { name: 'assets/ort.wasm', data: random },
      { name: 'empty.txt', data: '' },
      { name: 'icons/ünïcode.png', data: Buffer.from([137, 80, 78, 71]) },
    ];
    const archive = zip(entries);
    const back = readZip(archive);
    expect([...back.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(back.get(e.name)!.equals(Buffer.from(e.data))).toBe(true);
    expect(archive.length).toBeLessThan(1000 + 4096 + 600);
  });

  it('is reproducible and refuses unsafe or duplicate names', () => {
    const e = [{ name: 'a.txt', data: 'hello' }];
    expect(zip(e).equals(zip(e))).toBe(true);
    expect(() => zip([{ name: '../evil', data: '' }])).toThrow(/bad entry name/);
    expect(() => zip([{ name: '/abs', data: '' }])).toThrow(/bad entry name/);
    expect(() => zip([...e, ...e])).toThrow(/duplicate/);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('third-party notices', () => {
  it('maps bundled module ids to their package directories', () => {
    expect(packageDirOf('/r/node_modules/d3-scale/src/linear.js')).toBe('/r/node_modules/d3-scale');
    expect(packageDirOf('/r/node_modules/@huggingface/transformers/dist/transformers.web.js?commonjs')).toBe('/r/node_modules/@huggingface/transformers');
    expect(packageDirOf('/r/node_modules/a/node_modules/b/index.js')).toBe('/r/node_modules/a/node_modules/b');
    expect(packageDirOf('\0/r/node_modules/onnxruntime-web/dist/x.wasm?url')).toBe('/r/node_modules/onnxruntime-web');
    expect(packageDirOf('/r/src/app/main.tsx')).toBeNull();
  });

  it("finds packages pre-bundled into a dependency's dist file", () => {
    const code =
      '// src/env.js\n// ../../node_modules/.pnpm/@huggingface+jinja@0.5.10/node_modules/@huggingface/jinja/dist/index.js\n// ../node_modules/long/index.js\nx();';
    expect(prebundledPackages(code).sort()).toEqual(['@huggingface/jinja', 'long']);
  });

  it('writes each bundled package with its licence text, and the model card’s data licences', () => {
    const root = mkdtempSync(join(tmpdir(), 'al-notices-'));
    const pkg = (name: string, json: object, files: Record<string, string> = {}) => {
      const dir = join(root, 'node_modules', name);
      mkdirSync(join(dir, 'dist'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', ...json }));
      for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
      return dir;
    };
    const withFile = pkg('with-file', { license: 'Apache-2.0' }, { LICENSE: 'APACHE LICENSE TEXT', 'dist/index.js': '// ../node_modules/inner/x.js\n' });
    pkg('inner', { license: 'MIT', author: 'Inner Author <a@b.c>' });
    pkg('unused', { license: 'MIT' });
    mkdirSync(join(root, 'models/m1'), { recursive: true });
    writeFileSync(join(root, 'models/m1/config.json'), '{}');
    writeFileSync(join(root, 'models/m1/README.md'), '# m1\n\n## Training data and licences\n\n- WordNet notice here\n\n## Training\n\nnot this');
    const text = thirdPartyNoticesText([resolve(withFile, 'dist/index.js'), join(root, 'src/main.ts')], { root, product: 'P', version: '9.9.9' });
    expect(text).toMatch(/^P 9\.9\.9 — third-party notices/);
    expect(text).toContain('  - with-file 1.2.3 (Apache-2.0)');
    expect(text).toContain('APACHE LICENSE TEXT');
    expect(text).toContain('  - inner 1.2.3 (MIT)');
    expect(text).toMatch(/Copyright \(c\) Inner Author\n/);
    expect(text).toContain("pre-bundled inside with-file's dist file");
    expect(text).not.toContain('unused');
    expect(text).toContain('WordNet notice here');
    expect(text).not.toContain('not this');
  });
});

describe('privacy page', () => {
  it('renders the Markdown subset PRIVACY.md uses, escaping everything else', () => {
    const html = markdownPage(
      '# T\n\nSome **bold** and `code` <script>x</script> [l](https://e.org).\n\n- one\n  more\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
      'Title',
    );
    expect(html).toContain('<h1>T</h1>');
    expect(html).toContain('<strong>bold</strong> and <code>code</code> &lt;script&gt;x&lt;/script&gt; <a href="https://e.org">l</a>.');
    expect(html).toContain('<ul><li>one more</li><li>two</li></ul>');
    expect(html).toContain('<thead><tr><th>a</th><th>b</th></tr></thead>\n<tbody><tr><td>1</td><td>2</td></tr></tbody>');
    expect(html).not.toContain('<script>');
  });
});
