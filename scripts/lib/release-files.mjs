// Files every build carries besides the code: LICENSE.txt, THIRD_PARTY_NOTICES.txt (generated from what the
// build bundled) and privacy.html (PRIVACY.md rendered, linked from the Options page).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { thirdPartyNoticesText } from './third-party-notices.mjs';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline Markdown: `code`, **bold**, [text](url) (http(s) and relative links only), on escaped text. */
function inline(s) {
  return esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/&lt;kbd&gt;(.*?)&lt;\/kbd&gt;/g, '<kbd>$1</kbd>')
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\.{0,2}\/|#)[^)\s]*)\)/g, '<a href="$2">$1</a>');
}

/**
 * The small Markdown subset PRIVACY.md uses (headings, paragraphs, "-" lists with continuation lines, pipe
 * tables, inline code/bold/links) as a standalone HTML page. No scripts: extension pages' CSP allows none inline.
 */
export function markdownPage(md, title) {
  const out = [];
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
    } else if (/^#{1,6} /.test(line)) {
      const level = line.match(/^#+/)[0].length;
      out.push(`<h${level}>${inline(line.slice(level + 1).trim())}</h${level}>`);
      i++;
    } else if (line.startsWith('|')) {
      const rows = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      const cells = (r) =>
        r
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => c.trim());
      const body = rows.filter((r, k) => !(k === 1 && /^\|[\s:|-]+\|?$/.test(r)));
      const [head, ...rest] = body;
      out.push(
        '<table>',
        `<thead><tr>${cells(head)
          .map((c) => `<th>${inline(c)}</th>`)
          .join('')}</tr></thead>`,
        `<tbody>${rest
          .map(
            (r) =>
              `<tr>${cells(r)
                .map((c) => `<td>${inline(c)}</td>`)
                .join('')}</tr>`,
          )
          .join('')}</tbody>`,
        '</table>',
      );
    } else if (/^[-*] /.test(line)) {
      const items = [];
      while (i < lines.length && (/^[-*] /.test(lines[i]) || (/^\s+\S/.test(lines[i]) && items.length))) {
        if (/^[-*] /.test(lines[i])) items.push(lines[i].slice(2).trim());
        else items[items.length - 1] += ` ${lines[i].trim()}`;
        i++;
      }
      out.push(`<ul>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</ul>`);
    } else {
      const para = [];
      while (i < lines.length && lines[i].trim() && !/^(#{1,6} |[-*] |\|)/.test(lines[i])) para.push(lines[i++].trim());
      out.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light dark">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 15px/1.55 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid color-mix(in srgb, currentColor 25%, transparent); padding: .4rem .6rem; text-align: left; vertical-align: top; }
code { font: 0.9em ui-monospace, monospace; }
</style>
</head>
<body>
${out.join('\n')}
</body>
</html>
`;
}

/**
 * Vite plugin emitting LICENSE.txt, THIRD_PARTY_NOTICES.txt and privacy.html. Nested builds (the content scripts)
 * report their rendered modules through addModules() before this plugin's generateBundle runs: list it last.
 */
export function releaseFiles({ root = process.cwd(), product, version }) {
  const extra = new Set();
  return {
    name: 'attention-lens-release-files',
    apply: 'build',
    /** @param {Record<string, { renderedLength: number }> | undefined} modules an output chunk's `modules` */
    addModules(modules) {
      for (const [id, m] of Object.entries(modules ?? {})) if (m.renderedLength > 0) extra.add(id);
    },
    generateBundle(_options, bundle) {
      // Modules whose code is in an output chunk (tree-shaken-away ones have renderedLength 0: d3's unused parts).
      const ids = [...extra];
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        for (const [id, m] of Object.entries(out.modules)) if (m.renderedLength > 0) ids.push(id);
      }
      this.emitFile({ type: 'asset', fileName: 'THIRD_PARTY_NOTICES.txt', source: thirdPartyNoticesText(ids, { root, product, version }) });
      this.emitFile({ type: 'asset', fileName: 'LICENSE.txt', source: readFileSync(join(root, 'LICENSE')) });
      const privacy = join(root, 'PRIVACY.md');
      if (existsSync(privacy))
        this.emitFile({ type: 'asset', fileName: 'privacy.html', source: markdownPage(readFileSync(privacy, 'utf8'), `${product} — privacy`) });
    },
  };
}
