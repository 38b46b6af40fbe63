// Reads the selected text straight from the DOM text nodes, remembering where each character came
// from, so token spans can later be mapped back onto the page (inline heatmap). Block boundaries
// become "\n" so words of adjacent paragraphs do not run together.

export interface TextPiece {
  node: Text;
  /** Offset in node.data where this piece starts. */
  nodeOffset: number;
  /** Offset in the captured text where this piece starts. */
  textOffset: number;
  length: number;
}

export interface SelectedText {
  text: string;
  pieces: TextPiece[];
}

const BLOCK = /^(block|flex|grid|list-item|table|table-row|table-cell|flow-root)$/;

function blockAncestor(node: Node): Element | null {
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (BLOCK.test(getComputedStyle(el).display)) return el;
  }
  return null;
}

function isRendered(node: Text): boolean {
  const el = node.parentElement;
  if (!el) return false;
  if (el.closest('script,style,noscript,template')) return false;
  return el.getClientRects().length > 0;
}

export function readRange(range: Range): SelectedText {
  const root = range.commonAncestorContainer;
  const pieces: TextPiece[] = [];
  let text = '';
  let lastBlock: Element | null | undefined;
  const visit = (node: Text) => {
    if (!range.intersectsNode(node) || !isRendered(node)) return;
    const start = node === range.startContainer ? range.startOffset : 0;
    const end = node === range.endContainer ? range.endOffset : node.data.length;
    if (end <= start) return;
    const block = blockAncestor(node);
    if (lastBlock !== undefined && block !== lastBlock && text && !/\s$/.test(text)) text += '\n';
    lastBlock = block;
    pieces.push({ node, nodeOffset: start, textOffset: text.length, length: end - start });
    text += node.data.slice(start, end);
  };
  if (root.nodeType === Node.TEXT_NODE) {
    visit(root as Text);
  } else {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) visit(n as Text);
  }
  return { text, pieces };
}

/** DOM Range covering [start, end) of the captured text, or null if it falls between pieces. */
export function rangeForSpan(selected: SelectedText, start: number, end: number): Range | null {
  const locate = (offset: number, preferEnd: boolean) => {
    for (const p of selected.pieces) {
      const inside = preferEnd ? offset > p.textOffset && offset <= p.textOffset + p.length : offset >= p.textOffset && offset < p.textOffset + p.length;
      if (inside) return { node: p.node, offset: p.nodeOffset + offset - p.textOffset };
    }
    return null;
  };
  const a = locate(start, false);
  const b = locate(end, true);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}
