// Finds the browser the demo and the tests drive: Chromium (or Chrome for Testing) and Firefox, from an environment
// variable first, then the usual install locations on Linux, macOS and Windows. Nothing is downloaded.
// Branded Google Chrome is deliberately not on the list: since Chrome 137 it ignores --load-extension, so the
// unpacked extension would not load in it.
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { win32, posix } from 'node:path';

/** @typedef {{ env?: Record<string, string | undefined>, platform?: string, home?: string, isExecutable?: (p: string) => boolean, listDir?: (p: string) => string[] }} FindOptions */

function defaultIsExecutable(p) {
  try {
    if (!statSync(p).isFile()) return false;
    if (process.platform === 'win32') return true;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultListDir(p) {
  try {
    return existsSync(p) ? readdirSync(p) : [];
  } catch {
    return [];
  }
}

/** Newest-looking first: "linux-131.0.6778.85" sorts after "linux-99.0…" by numeric parts. */
function byVersionDesc(a, b) {
  const pa = a.match(/\d+/g)?.map(Number) ?? [];
  const pb = b.match(/\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pb[i] ?? 0) !== (pa[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}

/**
 * Candidate Chromium / Chrome for Testing executables for a platform, in the order they are tried.
 * Chrome for Testing installed by `npx @puppeteer/browsers install chrome@stable` lands in
 * ./chrome/<platform>-<version>/chrome-<platform>/…, which is searched too.
 * @param {FindOptions} [o]
 */
export function chromiumCandidates({ env = process.env, platform = process.platform, home = homedir(), listDir = defaultListDir } = {}) {
  const cft = (base, exe) =>
    listDir(base)
      .sort(byVersionDesc)
      .flatMap((v) => exe.map((e) => (platform === 'win32' ? win32 : posix).join(base, v, e)));
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local');
    const pf = [env.ProgramFiles ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'];
    return [
      win32.join(local, 'Chromium', 'Application', 'chrome.exe'),
      ...pf.map((p) => win32.join(p, 'Chromium', 'Application', 'chrome.exe')),
      win32.join(local, 'Google', 'Chrome for Testing', 'Application', 'chrome.exe'),
      ...cft(win32.join(process.cwd(), 'chrome'), ['chrome-win64\\chrome.exe', 'chrome-win32\\chrome.exe']),
    ];
  }
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      posix.join(home, 'Applications/Chromium.app/Contents/MacOS/Chromium'),
      '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      posix.join(home, 'Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing'),
      ...cft(posix.join(process.cwd(), 'chrome'), [
        'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      ]),
    ];
  }
  // Linux and other Unixes. Debian's /usr/bin/chromium is a wrapper script that adds its own flags (an empty
  // --load-extension among them): the real binary /usr/lib/chromium/chromium comes first.
  return [
    '/usr/lib/chromium/chromium',
    '/usr/lib/chromium-browser/chromium-browser',
    '/usr/lib64/chromium-browser/chromium-browser',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/opt/google/chrome-for-testing/chrome',
    ...cft(posix.join(process.cwd(), 'chrome'), ['chrome-linux64/chrome']),
    ...cft(posix.join(home, '.cache/chrome-for-testing'), ['chrome-linux64/chrome']),
  ];
}

/** @param {FindOptions} [o] */
export function firefoxCandidates({ env = process.env, platform = process.platform, home = homedir() } = {}) {
  if (platform === 'win32') {
    const pf = [env.ProgramFiles ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'];
    return pf.flatMap((p) => [win32.join(p, 'Mozilla Firefox', 'firefox.exe'), win32.join(p, 'Mozilla Firefox ESR', 'firefox.exe')]);
  }
  if (platform === 'darwin') {
    return [
      '/Applications/Firefox.app/Contents/MacOS/firefox',
      posix.join(home, 'Applications/Firefox.app/Contents/MacOS/firefox'),
      '/Applications/Firefox Developer Edition.app/Contents/MacOS/firefox',
      '/Applications/Firefox Nightly.app/Contents/MacOS/firefox',
    ];
  }
  return [
    '/usr/bin/firefox-esr',
    '/usr/lib/firefox-esr/firefox-esr',
    '/usr/bin/firefox',
    '/usr/lib/firefox/firefox',
    '/snap/bin/firefox',
    '/opt/firefox/firefox',
  ];
}

const CHROMIUM_HELP =
  'Install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium; Windows: a Chromium build) ' +
  'or Chrome for Testing (npx @puppeteer/browsers install chrome@stable), or set CHROMIUM_PATH to its executable. ' +
  'Branded Google Chrome will not do: since Chrome 137 it ignores --load-extension, so the unpacked extension cannot be loaded into it from the command line.';
const FIREFOX_HELP = 'Install Firefox or Firefox ESR (Debian: apt-get install firefox-esr; macOS/Windows: mozilla.org), or set FIREFOX_PATH to its executable.';

function find(name, envVar, candidates, help, { env = process.env, isExecutable = defaultIsExecutable } = {}) {
  const fromEnv = env[envVar];
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`${envVar}=${fromEnv} is not an executable file. ${help}`);
  }
  const found = candidates.find((p) => isExecutable(p));
  if (found) return found;
  throw new Error(`No ${name} found (looked in: ${candidates.join(', ') || 'nowhere'}). ${help}`);
}

/** The Chromium / Chrome for Testing executable: $CHROMIUM_PATH, else the first install found. @param {FindOptions} [o] */
export function findChromium(o = {}) {
  return find('Chromium or Chrome for Testing', 'CHROMIUM_PATH', chromiumCandidates(o), CHROMIUM_HELP, o);
}

/** The Firefox executable: $FIREFOX_PATH, else the first install found (firefox-esr before firefox). @param {FindOptions} [o] */
export function findFirefox(o = {}) {
  return find('Firefox', 'FIREFOX_PATH', firefoxCandidates(o), FIREFOX_HELP, o);
}
