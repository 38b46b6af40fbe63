// Injected on demand (scripting.executeScript({ files: ['readable.js'] })) when the user asks to profile a page:
// finds the page's main content with Mozilla's Readability (on a clone of the document: the page is not changed,
// nothing of it runs) and returns its text with paragraph boundaries; falls back to the selection. The value of
// the script's last statement is what executeScript returns (vite.config.ts builds it as a classic script ending
// in that expression). Page text is data: nothing here parses it as markup into the live page.
import { Readability } from '@mozilla/readability';
import type { ReadableText } from '../shared/protocol';

/** Block elements whose text is one paragraph. */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td, th, dt, dd';

/** Text pieces joined by blank lines, with each piece's [start, end). */
function joinParagraphs(pieces: string[], source: ReadableText['source'], title?: string): ReadableText {
  let text = '';
  const paragraphs: Array<[number, number]> = [];
  for (const raw of pieces) {
    const p = raw
      .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .trim();
    if (!p) continue;
    if (text) text += '\n\n';
    paragraphs.push([text.length, text.length + p.length]);
    text += p;
  }
  return { text, paragraphs, source, ...(title ? { title } : {}) };
}

/** The article's paragraphs: the text of its block elements that hold no other block (else the element's own text). */
function articleParagraphs(root: Element): string[] {
  const blocks = [...root.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
  if (!blocks.length) return (root.textContent ?? '').split(/\n\s*\n/);
  return blocks.map((el) => el.textContent ?? '');
}

function selectionText(): ReadableText {
  const sel = globalThis.getSelection?.()?.toString() ?? '';
  return joinParagraphs(sel.split(/\n\s*\n|\n/), 'selection');
}

function readableText(doc: Document = document): ReadableText {
  try {
    const clone = doc.cloneNode(true) as Document;
    const article = new Readability<Element>(clone, { serializer: (el) => el as Element }).parse();
    if (article?.content) {
      const found = joinParagraphs(articleParagraphs(article.content), 'article', article.title ?? undefined);
      if (found.text.length >= 200) return found;
    }
  } catch {
    /* a page Readability cannot read: the selection is next */
  }
  return selectionText();
}

export default readableText();
