// A small, dependency-free ZIP writer (PKWARE APPNOTE 6.3: local headers, deflate or stored, central directory).
// Enough for browser-extension packages: no ZIP64 (each file and the archive stay below 4 GiB), UTF-8 names,
// entries sorted and timestamped with one fixed date so that the same input gives the same bytes.
import { deflateRawSync, inflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (zlib's when Node has it: 20.15+ / 22.2+). */
export function crc32(buf) {
  if (typeof zlibCrc32 === 'function') return zlibCrc32(buf) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date/time of a Date (2-second resolution, local fields as the format has no zone). */
function dosDateTime(d) {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2);
  const date = ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return { time, date };
}

/** Files already compressed gain nothing from deflate. */
const STORED = /\.(png|jpe?g|gif|webp|zip|xpi|gz|br|woff2?)$/i;

/**
 * Builds a ZIP archive in memory.
 * @param {Array<{ name: string, data: Buffer | Uint8Array | string }>} entries names use '/' separators
 * @param {{ date?: Date, level?: number }} [options]
 * @returns {Buffer}
 */
export function zip(entries, { date = new Date(2026, 0, 1, 0, 0, 0), level = 9 } = {}) {
  const { time, date: dosDate } = dosDateTime(date);
  const locals = [];
  const centrals = [];
  let offset = 0;
  const seen = new Set();
  for (const e of entries) {
    const name = e.name.replaceAll('\\', '/');
    if (!name || name.startsWith('/') || name.split('/').includes('..')) throw new Error(`zip: bad entry name ${JSON.stringify(e.name)}`);
    if (seen.has(name)) throw new Error(`zip: duplicate entry ${name}`);
    seen.add(name);
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    const crc = crc32(data);
    let method = 0;
    let body = data;
    if (!STORED.test(name) && data.length > 0) {
      const deflated = deflateRawSync(data, { level });
      if (deflated.length < data.length) {
        method = 8;
        body = deflated;
      }
    }
    if (body.length >= 0xffffffff || offset >= 0xffffffff) throw new Error('zip: archive too large (no ZIP64 support)');
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  if (entries.length > 0xffff) throw new Error('zip: too many entries (no ZIP64 support)');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Reads a ZIP archive (stored or deflated entries, no ZIP64), e.g. a package for the browser tests to load.
 * Checks each entry's CRC-32. Directory entries are left out.
 * @param {Uint8Array} archive
 * @returns {Array<{ name: string, data: Buffer }>}
 */
export function unzip(archive) {
  const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('unzip: no end of central directory (not a ZIP file?)');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = [];
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('unzip: bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const skip = nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + skip;
    if (name.endsWith('/')) continue;
    if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`unzip: bad entry name ${JSON.stringify(name)}`);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`unzip: bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + compressed);
    const data = method === 0 ? Buffer.from(body) : method === 8 ? inflateRawSync(body) : null;
    if (!data) throw new Error(`unzip: ${name} uses compression method ${method}`);
    if (crc32(data) !== crc) throw new Error(`unzip: ${name} fails its CRC-32 check`);
    out.push({ name, data });
  }
  return out;
}

/** Every file under dir (recursively), as zip entries named relative to dir, sorted. */
export function entriesOfDir(dir, { prefix = '', filter = () => true } = {}) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).split(sep).join('/');
      if (!filter(rel)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: prefix + rel, data: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}
