// Size of a built extension, as the store package would have it: unpacked and zipped bytes (scripts/lib/zip.mjs, the
// packager's own writer), WebAssembly and JavaScript bytes, the largest JS files, and any CDN URL left in the code.
//   node scripts/bench/bundle.mjs [dist …]     (default: dist/)
import { join, resolve } from 'node:path';
import { entriesOfDir, zip } from '../lib/zip.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const CDN = /cdn\.jsdelivr|unpkg\.com|cdnjs\.|esm\.sh/;
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

for (const dir of process.argv.slice(2).length ? process.argv.slice(2) : [join(ROOT, 'dist')]) {
  const entries = entriesOfDir(resolve(dir));
  const sum = (re) => entries.filter((e) => re.test(e.name)).reduce((s, e) => s + e.data.length, 0);
  const unpacked = entries.reduce((s, e) => s + e.data.length, 0);
  const zipped = zip(entries).length;
  const js = entries.filter((e) => /\.m?js$/.test(e.name)).sort((a, b) => b.data.length - a.data.length);
  const cdn = entries.filter((e) => /\.(m?js|html|json)$/.test(e.name) && CDN.test(e.data.toString('latin1'))).map((e) => e.name);
  console.log(`${dir}: ${mb(zipped)} zipped, ${mb(unpacked)} unpacked, ${entries.length} files`);
  console.log(
    `  wasm ${mb(sum(/\.wasm$/))} (${entries
      .filter((e) => e.name.endsWith('.wasm'))
      .map((e) => `${e.name.split('/').pop()} ${mb(e.data.length)}`)
      .join(', ')})`,
  );
  console.log(
    `  JS ${mb(sum(/\.m?js$/))}; largest: ${js
      .slice(0, 4)
      .map((e) => `${e.name.split('/').pop()} ${(e.data.length / 1e3).toFixed(0)} KB`)
      .join(', ')}`,
  );
  console.log(`  model.onnx ${mb(sum(/\.onnx$/))}; CDN URLs in: ${cdn.length ? cdn.join(', ') : 'none'}`);
}
