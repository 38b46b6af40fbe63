// Pure logic added for the surfaces: the one HeadChoice (toggle, label, matrices), token names (text·position),
// WCAG contrast of heat labels, export file names and the large map's zoom/pan viewport.
import { rulerTicks } from '../../src/views/model-view/LargeParts';
import { describe, expect, it, vi } from 'vitest';

// The view registry reaches src/platform through a view that talks to the engine itself (the page profile):
// webextension-polyfill throws outside an extension, so it gets an inert stand-in here (as in the views harness).
vi.mock('webextension-polyfill', () => ({ default: {} }));
import { headMatrix } from '../../src/shared/attention-result';
import { computeHeatScores } from '../../src/views/heatmap/scores';
import { contrastRatio, headColors, heatInterpolator, textOn } from '../../src/views/lib/colors';
import { exportFileName } from '../../src/views/lib/export';
import { tokenName } from '../../src/views/lib/format';
import { buildView, choiceMatrix } from '../../src/views/lib/view-model';
import { cellAt, centreOn, clampViewport, FULL_VIEW, maxZoom, panBy, revealCell, span, visibleRange, zoomAt } from '../../src/views/model-view/large-layout';
import { tabOf } from '../../src/views/panel-state';
import {
  choiceFromMask,
  clampViewState,
  DEFAULT_VIEW_STATE,
  headChoiceLabel,
  headMask,
  sameHeadChoice,
  soloHead,
  toggleHead,
  type HeadChoice,
} from '../../src/views/view-state';
import { makeCase } from '../views-harness/synthetic';

const short = makeCase('short');

describe('one HeadChoice', () => {
  it('toggles heads into "several" and back, never to none', () => {
    let c: HeadChoice = soloHead(2);
    c = toggleHead(c, 0, 4);
    expect(c).toEqual({ kind: 'several', heads: [0, 2] });
    c = toggleHead(c, 2, 4);
    expect(c).toEqual({ kind: 'single', head: 0 });
    expect(toggleHead(c, 0, 4)).toEqual(c); // the last head stays
    expect(toggleHead({ kind: 'max' }, 1, 4)).toEqual({ kind: 'several', heads: [0, 2, 3] });
    expect(toggleHead({ kind: 'several', heads: [0, 1, 2] }, 3, 4)).toEqual({ kind: 'mean' }); // every head: the mean
  });
  it('labels and compares choices', () => {
    expect(headChoiceLabel({ kind: 'several', heads: [0, 2, 3] })).toBe('mean of heads 1, 3 and 4');
    expect(headChoiceLabel({ kind: 'rollout' }, 3)).toBe('rollout over layers 1–4');
    expect(headChoiceLabel(soloHead(4))).toBe('head 5');
    expect(sameHeadChoice({ kind: 'several', heads: [1, 2] }, { kind: 'several', heads: [1, 2] })).toBe(true);
    expect(sameHeadChoice(soloHead(1), soloHead(2))).toBe(false);
    expect(choiceFromMask(headMask({ kind: 'several', heads: [1, 3] }, 4))).toEqual({ kind: 'several', heads: [1, 3] });
  });
  it('several heads: the mean of those heads, in the heatmap too', () => {
    const v = buildView(short, { hideSpecial: false, wordMode: false });
    const n = short.seqLen;
    const m = choiceMatrix(v, 1, { kind: 'several', heads: [0, 3] });
    const a = headMatrix(short, 1, 0);
    const b = headMatrix(short, 1, 3);
    for (let k = 0; k < n * n; k += 7) expect(m[k]).toBeCloseTo((a[k] + b[k]) / 2, 6);
    const h = computeHeatScores(v, { layer: 1, heads: { kind: 'several', heads: [0, 3] }, source: 'received' }, null);
    expect(h.matrix).toBe('Layer 2 · mean of heads 1 and 4');
  });
  it('rollout + attention from [CLS]: the rollout row of [CLS], with specials hidden too', () => {
    const full = buildView(short, { hideSpecial: false, wordMode: false });
    const h = computeHeatScores(full, { layer: 2, heads: { kind: 'rollout' }, source: 'cls' }, null);
    const r = full.rollout(2);
    h.scores.forEach((x, j) => expect(x).toBeCloseTo(r[j], 5));
    expect(h.source).toBe('Attention from [CLS]');
    const hidden = buildView(short, { hideSpecial: true, wordMode: true });
    const hh = computeHeatScores(hidden, { layer: 2, heads: { kind: 'rollout' }, source: 'cls' }, null);
    expect(hh.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
  it('clamps a stored state to the result with notes; unknown tabs show the first view', () => {
    const c = clampViewState({ ...DEFAULT_VIEW_STATE, layer: 7, heads: soloHead(9) }, 4, 4);
    expect(c.state.layer).toBe(3);
    expect(c.state.heads).toEqual({ kind: 'mean' });
    expect(c.notes).toHaveLength(2);
    expect(tabOf('nope')).toBe('tokens');
    expect(tabOf('neuron')).toBe('neuron');
  });
});

describe('token names', () => {
  it('name tokens by text and 0-based position, so repeated tokens differ', () => {
    expect(tokenName('to', 17)).toBe('to·17');
    const v = buildView(short, { hideSpecial: true, wordMode: true });
    const the = v.tokens.filter((t) => t.vocab.toLowerCase() === 'the');
    expect(the.map((t) => t.name)).toEqual(['the·1', 'the·8']);
    expect(v.tokens.find((t) => t.label === 'jumps')?.name).toBe('jumps·5'); // a merged word: its first piece
  });
});

describe('label contrast (WCAG 2.1)', () => {
  it('computes the contrast ratio (#fff on #42a4ca is 2.84:1)', () => {
    expect(contrastRatio('#ffffff', '#42a4ca')).toBeCloseTo(2.84, 2);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
  it('labels on every heat colour and head swatch reach 4.5:1', () => {
    for (const theme of ['light', 'dark'] as const) {
      const interp = heatInterpolator(theme);
      for (let k = 0; k <= 256; k++) {
        const bg = interp(k / 256);
        expect(contrastRatio(textOn(bg), bg)).toBeGreaterThanOrEqual(4.5);
      }
      for (const count of [4, 12, 16]) for (const c of headColors(count, theme)) expect(contrastRatio(textOn(c), c)).toBeGreaterThanOrEqual(4.5);
    }
    expect(textOn('#42a4ca')).toBe('#000000');
  });
});

describe('export file names', () => {
  const at = new Date(2026, 10, 29, 10, 5);
  it('model without its organisation, first words of the text, local minute', () => {
    expect(exportFileName('bert-base-uncased', 'The quick brown fox jumps.', 'npz', at)).toBe('bert-base-uncased_the-quick-brown_2026-11-29T10-05.npz');
    expect(exportFileName('Xenova/distilbert-base-uncased', '  Héllo, wörld! ', '.png', at)).toBe('distilbert-base-uncased_hello-world_2026-11-29T10-05.png');
  });
  it('stays ASCII and short whatever the text', () => {
    expect(exportFileName('org/m', '日本語のテキスト', 'json', at)).toBe('m_selection_2026-11-29T10-05.json');
    const long = exportFileName(
      'some-org/an-extraordinarily-long-model-identifier-v2-finetuned',
      'Supercalifragilisticexpialidocious antidisestablishmentarianism words',
      'svg',
      at,
    );
    expect(long.length - '.svg'.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^[a-z0-9-]+_[a-z0-9-]+_\d{4}-\d\d-\d\dT\d\d-\d\d\.svg$/);
  });
});

describe('large map viewport (zoom, pan, minimap)', () => {
  const n = 512;
  it('clamps zoom to [1, n/4] and the window inside the matrix', () => {
    expect(clampViewport({ zoom: 0.2, x0: -5, y0: 900 }, n)).toEqual(FULL_VIEW);
    const v = clampViewport({ zoom: 1e6, x0: 600, y0: 600 }, n);
    expect(v.zoom).toBe(maxZoom(n));
    expect(v.x0 + span(v, n)).toBeCloseTo(n, 9);
  });
  it('zooms about a fixed point', () => {
    const v = zoomAt(FULL_VIEW, n, 4, 100, 300);
    expect(span(v, n)).toBe(128);
    // the point stays at the same fraction of the window
    expect((100 - v.x0) / span(v, n)).toBeCloseTo(100 / 512, 9);
    expect((300 - v.y0) / span(v, n)).toBeCloseTo(300 / 512, 9);
    expect(zoomAt(v, n, 1 / 4, 100, 300)).toEqual(FULL_VIEW);
  });
  it('pans, centres and reveals a cell', () => {
    const v = zoomAt(FULL_VIEW, n, 8, 0, 0);
    expect(panBy(v, n, 10, 5)).toMatchObject({ x0: 10, y0: 5 });
    expect(centreOn(v, n, 256, 256)).toMatchObject({ x0: 224, y0: 224 });
    const r = revealCell(v, n, 100, 70);
    expect(r.y0).toBe(101 - 64);
    expect(r.x0).toBe(71 - 64);
    expect(revealCell(r, n, 60, 30)).toEqual(r); // already in view
    expect(revealCell(r, n, 20, 3)).toMatchObject({ y0: 20, x0: 3 });
  });
  it('maps canvas points to cells and lists the cells in view', () => {
    const v = { zoom: 4, x0: 10.5, y0: 20 };
    expect(cellAt(v, n, 512, 0, 0)).toEqual({ i: 20, j: 10 });
    expect(cellAt(v, n, 512, 511, 511)).toEqual({ i: 147, j: 138 });
    expect(visibleRange(10.5, 128, n)).toEqual([10, 139]);
  });
});

describe('rulerTicks (positions in the label bands when labels do not fit)', () => {
  it('452 tokens at 1.2 px per row: every 50th position, at least 36 px apart', () => {
    const ticks = rulerTicks(0, 452, 452, 550 / 452);
    expect(ticks).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450]);
  });
  it('zoomed in: a finer step, only inside the window in view', () => {
    const ticks = rulerTicks(100.5, 113, 452, 550 / 113);
    expect(ticks[0]).toBeGreaterThanOrEqual(100.5);
    expect(ticks[ticks.length - 1]).toBeLessThan(213.5);
    expect((ticks[1] - ticks[0]) * (550 / 113)).toBeGreaterThanOrEqual(36);
    expect(ticks[1] - ticks[0]).toBe(10);
  });
});
