// Store listing assets, drawn in headless Chromium from screenshots of real use (docs/*.png, which the demo and
// tests/browser screenshots produce): store/screenshot-{1..4}.jpg (1280×800) and store/tile-440x280.jpg (small
// promo tile). Chrome Web Store and AMO take 1280×800 JPEG / 24-bit PNG.
//   node scripts/make-store-assets.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from './lib/find-browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'store');
const img = (p) => `data:image/png;base64,${readFileSync(join(ROOT, p)).toString('base64')}`;
const ICON = img('public/icons/icon128.png');

const BASE_CSS = `
  * { box-sizing: border-box; margin: 0; }
  body { width: 1280px; height: 800px; overflow: hidden; font-family: "DejaVu Sans", system-ui, sans-serif;
         background: linear-gradient(135deg, #2b1d5c 0%, #5f3dc4 55%, #f76707 140%); color: #fff; }
  .wrap { display: flex; height: 100%; align-items: center; gap: 40px; padding: 0 48px; }
  .text { flex: 0 0 320px; }
  .brand { display: flex; align-items: center; gap: 12px; font-size: 22px; font-weight: 700; opacity: .95; margin-bottom: 28px; }
  .brand img { width: 40px; height: 40px; }
  h1 { font-size: 38px; line-height: 1.15; margin-bottom: 18px; }
  p { font-size: 19px; line-height: 1.45; opacity: .9; }
  .shots { flex: 1; display: flex; gap: 24px; justify-content: center; align-items: center; height: 100%; }
  .shot { border-radius: 10px; box-shadow: 0 18px 50px rgba(0,0,0,.45); background: #fff; display: block; }
`;

function captioned({ title, body, shots }) {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${BASE_CSS}</style></head><body><div class="wrap">
    <div class="text"><div class="brand"><img src="${ICON}" alt="">Attention Lens</div><h1>${title}</h1><p>${body}</p></div>
    <div class="shots">${shots.map((s) => `<img class="shot" src="${img(s.src)}" style="${s.style}" alt="">`).join('')}</div>
  </div></body></html>`;
}

const SCREENSHOTS = [
  {
    file: 'screenshot-1-overlay.jpg',
    // A real page with the overlay open beside the selection and the heatmap painted over the page's text.
    html: `<!doctype html><html><head><style>* { margin: 0 } body { width: 1280px; height: 800px; overflow: hidden; }
      img { display: block; width: 1280px; height: 860px; object-fit: cover; object-position: top; }</style></head>
      <body><img src="${img('docs/overlay.png')}" alt=""></body></html>`,
  },
  {
    file: 'screenshot-2-head-view.jpg',
    html: captioned({
      title: 'See every head attend',
      body: 'BertViz-style head view: layer 3, head 3 of the embedded model attends to the previous token. Runs locally in your browser — nothing leaves your machine.',
      shots: [{ src: 'docs/head-view-previous-token.png', style: 'height: 720px;' }],
    }),
  },
  {
    file: 'screenshot-3-heads.jpg',
    html: captioned({
      title: 'Positional and [CLS] heads',
      body: 'Compare heads that look at the next token or at [CLS]. Export PNG, SVG, JSON or NumPy .npz.',
      shots: [
        { src: 'docs/head-view-next-token.png', style: 'width: 380px;' },
        { src: 'docs/head-view-cls.png', style: 'width: 380px;' },
      ],
    }),
  },
  {
    file: 'screenshot-4-scratchpad.jpg',
    html: captioned({
      title: 'Probe and compare',
      body: 'Type in the scratchpad and watch attention as you write; compare two sentences side by side. Light and dark themes.',
      shots: [
        { src: 'docs/probe-light.png', style: 'width: 400px;' },
        { src: 'docs/compare-dark.png', style: 'width: 390px;' },
      ],
    }),
  },
];

const TILE = `<!doctype html><html><head><meta charset="utf-8"><style>
  * { margin: 0; box-sizing: border-box; }
  body { width: 440px; height: 280px; overflow: hidden; font-family: "DejaVu Sans", system-ui, sans-serif; color: #fff;
         background: linear-gradient(135deg, #2b1d5c 0%, #5f3dc4 60%, #f76707 150%); display: flex; align-items: center; gap: 22px; padding: 0 30px; }
  img { width: 112px; height: 112px; }
  h1 { font-size: 32px; line-height: 1.1; margin-bottom: 10px; }
  p { font-size: 15px; line-height: 1.4; opacity: .92; }
</style></head><body><img src="${ICON}" alt=""><div><h1>Attention Lens</h1><p>See what BERT attends to in the text you read — locally, in your browser.</p></div></body></html>`;

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const s of SCREENSHOTS) {
    await page.setContent(s.html, { waitUntil: 'load' });
    await page.screenshot({ path: join(OUT, s.file), type: 'jpeg', quality: 90 });
    console.log(`store/${s.file}`);
  }
  await page.setViewportSize({ width: 440, height: 280 });
  await page.setContent(TILE, { waitUntil: 'load' });
  await page.screenshot({ path: join(OUT, 'tile-440x280.jpg'), type: 'jpeg', quality: 92 });
  console.log('store/tile-440x280.jpg');
} finally {
  await browser.close();
}
