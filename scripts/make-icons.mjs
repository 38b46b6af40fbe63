// Draws the toolbar icon (a warm "attention" lens) into PNGs with no image library: RGBA pixels + zlib.
// `node scripts/make-icons.mjs` → public/icons/icon{16,32,48,128}.png (manifest icons and the action's 16/32).
// Store assets (screenshots, tile) come from scripts/make-store-assets.mjs.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y, size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
function pixel(x, y, size) {
  const s = 4;
  let acc = [0, 0, 0, 0];
  for (let sy = 0; sy < s; sy++)
    for (let sx = 0; sx < s; sx++) {
      const u = (x + (sx + 0.5) / s) / size,
        v = (y + (sy + 0.5) / s) / size;
      const d = Math.hypot(u - 0.44, v - 0.44),
        h = Math.abs(u - v) < 0.07 && u > 0.62 && u < 0.92;
      let c = [0, 0, 0, 0];
      if (d < 0.17) c = [255, 212, 59, 255];
      else if (d < 0.27) c = [...mix([255, 212, 59], [247, 103, 7], (d - 0.17) / 0.1), 255];
      else if (d < 0.36) c = [95, 61, 196, 255];
      else if (h) c = [95, 61, 196, 255];
      acc = acc.map((a, i) => a + c[i] / (s * s));
    }
  return acc.map(Math.round);
}
mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon${size}.png`, png(size, pixel));
console.log('icons written');
