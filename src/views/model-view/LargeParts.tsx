// Pieces of the large attention map: the top bar (back, title, previous / next head, open in the head view) and
// the token labels along the top and left edges.
import type { ViewToken } from '../lib/view-model';
import type { LargeLayout } from './large-layout';

export function LargeBar(props: {
  layer: number;
  head: number;
  numLayers: number;
  numHeads: number;
  onClose: () => void;
  onNavigate: (layer: number, head: number) => void;
  onOpenHead?: (layer: number, head: number) => void;
}) {
  const { layer, head, numLayers, numHeads, onNavigate, onOpenHead } = props;
  const prev = head > 0 ? { layer, head: head - 1 } : layer > 0 ? { layer: layer - 1, head: numHeads - 1 } : null;
  const next = head < numHeads - 1 ? { layer, head: head + 1 } : layer < numLayers - 1 ? { layer: layer + 1, head: 0 } : null;
  return (
    <div class="al-large-bar">
      <button type="button" class="al-btn" data-testid="model-back" onClick={props.onClose}>
        ← All heads
      </button>
      <h3 class="al-large-title">{`Layer ${layer + 1} · Head ${head + 1}`}</h3>
      <div class="al-large-nav">
        <button type="button" class="al-btn al-btn-icon" aria-label="Previous head" disabled={!prev} onClick={() => prev && onNavigate(prev.layer, prev.head)}>
          ‹
        </button>
        <button type="button" class="al-btn al-btn-icon" aria-label="Next head" disabled={!next} onClick={() => next && onNavigate(next.layer, next.head)}>
          ›
        </button>
        {onOpenHead && (
          <button type="button" class="al-btn" onClick={() => onOpenHead(layer, head)}>
            Head view
          </button>
        )}
      </div>
    </div>
  );
}

/** The grid's first three cells: an empty corner, the column labels (rotated) and the row labels. */
export function LargeAxisLabels(props: { tokens: ViewToken[]; layout: LargeLayout; cell: { i: number; j: number } | null }) {
  const { tokens, cell } = props;
  const { showLabels, cellPx, topH, fs } = props.layout;
  return (
    <>
      <div />
      <div class="al-large-top" aria-hidden="true">
        {showLabels &&
          tokens.map((t, k) => (
            <span
              key={k}
              class={`al-large-collabel${cell?.j === k ? ' is-on' : ''}${t.special ? ' is-special' : ''}`}
              style={{ left: `${(k + 0.5) * cellPx}px`, fontSize: `${fs}px`, width: `${topH}px` }}
            >
              {t.vocab}
            </span>
          ))}
      </div>
      <div class="al-large-left" aria-hidden="true">
        {showLabels &&
          tokens.map((t, k) => (
            <span key={k} class={`al-large-rowlabel${cell?.i === k ? ' is-on' : ''}${t.special ? ' is-special' : ''}`} style={{ height: `${cellPx}px`, lineHeight: `${cellPx}px`, fontSize: `${fs}px` }}>
              {t.vocab}
            </span>
          ))}
      </div>
    </>
  );
}
