// Downloads: SVG / PNG snapshots of a view and the JSON dump of an AttentionResult (via Blob + <a download>).
import type { AttentionResult } from '../../shared/attention-result';
import { attentionNpzArrays, attentionNpzParts, npyParts, zipStoreParts } from '../../core/npz';
import { round6 } from './tsv';
import { t } from '../../shared/i18n';

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function svgToString(svg: SVGSVGElement): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
}

export function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([svgToString(svg)], { type: 'image/svg+xml' });
}

/** Rasterise an SVG (2× for crisp text) to a PNG blob. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const w = Number(svg.getAttribute('width')) || 800;
  const h = Number(svg.getAttribute('height')) || 600;
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error(t('export_rasterise_failed')));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(w * scale);
    canvas.height = Math.ceil(h * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(t('export_no_canvas'));
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('export_png_failed')))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * JSON of { modelId, text, tokens, spans, attentions[layer][head][i][j], numLayers, numHeads } (plus backend,
 * special, segments, seqLen, truncated), streamed into Blob parts row by row so large results never become one
 * giant string; yields to the event loop after every layer so the panel stays responsive.
 */
export async function resultJsonBlob(r: AttentionResult, onProgress?: (layer: number) => void): Promise<Blob> {
  const n = r.seqLen;
  const parts: string[] = [];
  const head = {
    modelId: r.modelId,
    backend: r.backend,
    text: r.text,
    tokens: r.tokens.map((t) => t.text),
    spans: r.tokens.map((t) => t.span),
    special: r.tokens.map((t) => t.special),
    segments: r.tokens.map((t) => t.segment),
    numLayers: r.numLayers,
    numHeads: r.numHeads,
    seqLen: n,
    truncated: r.truncated,
  };
  const opening = JSON.stringify(head);
  parts.push(opening.slice(0, -1), ',"attentions":[');
  const row: number[] = new Array(n);
  for (let l = 0; l < r.numLayers; l++) {
    parts.push(l ? ',[' : '[');
    for (let h = 0; h < r.numHeads; h++) {
      parts.push(h ? ',[' : '[');
      for (let i = 0; i < n; i++) {
        const o = (h * n + i) * n;
        for (let j = 0; j < n; j++) row[j] = round6(r.attentions[l][o + j]);
        parts.push((i ? ',' : '') + JSON.stringify(row));
      }
      parts.push(']');
    }
    parts.push(']');
    onProgress?.(l + 1);
    if (n > 64) await new Promise((res) => setTimeout(res, 0));
  }
  parts.push(']}');
  return new Blob(parts, { type: 'application/json' });
}

/** The whole result as a NumPy .npz (binary; see src/core/npz). */
export function resultNpzBlob(r: AttentionResult): Blob {
  return new Blob(attentionNpzParts(r) as BlobPart[], { type: 'application/zip' });
}

/**
 * Compare mode: both results in one JSON object, `{"a": {…}, "b": {…}}`, each exactly what resultJsonBlob writes
 * for one result (streamed the same way).
 */
export async function pairJsonBlob(a: AttentionResult, b: AttentionResult, onProgress?: (done: number, total: number) => void): Promise<Blob> {
  const total = a.numLayers + b.numLayers;
  const ja = await resultJsonBlob(a, (l) => onProgress?.(l, total));
  const jb = await resultJsonBlob(b, (l) => onProgress?.(a.numLayers + l, total));
  return new Blob(['{"a":', ja, ',"b":', jb, '}'], { type: 'application/json' });
}

/**
 * Compare mode: both results in one .npz, every array of the single-result export twice, prefixed "a_" and "b_"
 * (`z["a_attentions"]`, `z["b_tokens"]`, …).
 */
export function pairNpzBlob(a: AttentionResult, b: AttentionResult): Blob {
  const entries = (['a', 'b'] as const).flatMap((side) =>
    Object.entries(attentionNpzArrays(side === 'a' ? a : b)).map(([name, arr]) => ({ name: `${side}_${name}.npy`, parts: npyParts(arr) })),
  );
  return new Blob(zipStoreParts(entries) as BlobPart[], { type: 'application/zip' });
}

const pad2 = (v: number) => String(v).padStart(2, '0');

/** ASCII slug: diacritics folded, anything but a–z / 0–9 becomes one hyphen. */
function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Longest prefix of a slug of at most `max` characters that ends on a whole word where it can. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max);
  const at = head.lastIndexOf('-');
  return (at > max / 2 ? head.slice(0, at) : head).replace(/-+$/, '');
}

/**
 * Download name for an export: `<model>_<first-words-of-text>_<YYYY-MM-DDTHH-MM>.<ext>`, e.g.
 * "bert-base-uncased_the-quick-brown_2026-11-29T10-05.npz". The model id loses its organisation prefix
 * ("Xenova/…"), the text gives a slug of its first three words (ASCII only; "selection" when nothing is left), the
 * time is local. At most ~60 characters before the extension; pure (no DOM).
 */
export function exportFileName(modelId: string, text: string, ext: string, at: Date = new Date()): string {
  const model = cut(slug(modelId.split('/').pop() ?? '') || 'model', 30);
  const words = slug(text).split('-').filter(Boolean).slice(0, 3).join('-');
  const stamp = `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())}T${pad2(at.getHours())}-${pad2(at.getMinutes())}`;
  const room = 60 - stamp.length - 2 - model.length;
  const text3 = cut(words, Math.max(8, room)) || 'selection';
  return `${model}_${text3}_${stamp}.${ext.replace(/^\./, '')}`;
}
