// Compare mode's B: an edited copy of the text (a text box filled with it), another text, this text under another
// model (the engine holds one model at a time: running B loads it, and the next analysis loads the user's again),
// or the masked input of a probe. Ctrl/⌘+Enter in a text box runs B.
import { useEffect, useId, useState } from 'preact/hooks';
import { Segmented } from '../components/Segmented';
import type { CompareProps, CompareSource } from '../research';

export function CompareSetup(props: { compare: CompareProps }) {
  const c = props.compare;
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [edit, setEdit] = useState(c.a.text);
  const [other, setOther] = useState('');
  const [model, setModel] = useState(c.models[0]?.key ?? '');
  // Another analysis (a new selection): the edited copy starts from its text.
  useEffect(() => setEdit(c.a.text), [c.a.text]);
  useEffect(() => {
    if (!c.models.some((m) => m.key === model)) setModel(c.models[0]?.key ?? '');
  }, [c.models]);
  const busy = c.run.kind === 'working';
  const options: { value: CompareSource; label: string; testid: string }[] = [
    { value: 'edit', label: 'Edited copy', testid: 'compare-source-edit' },
    { value: 'text', label: 'Another text', testid: 'compare-source-text' },
    { value: 'model', label: 'Another model', testid: 'compare-source-model' },
    ...(c.hasMasked ? [{ value: 'masked' as const, label: 'Masked input', testid: 'compare-source-masked' }] : []),
  ];
  const runText = (text: string) => {
    if (text.trim() && !busy) c.onRun({ kind: c.source === 'text' ? 'text' : 'edit', text });
  };
  const textBox = (value: string, set: (v: string) => void, label: string, placeholder: string) => (
    <div class="al-cmp-input">
      <label class="al-field-label" for={`${uid}-text`}>
        {label}
      </label>
      <textarea
        id={`${uid}-text`}
        class="al-cmp-text"
        data-testid="compare-input"
        rows={3}
        spellcheck={false}
        value={value}
        placeholder={placeholder}
        onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            runText(value);
          }
        }}
      />
      <div class="al-cmp-row">
        <button type="button" class="al-btn" data-testid="compare-run" aria-disabled={busy || !value.trim() ? 'true' : undefined} onClick={() => runText(value)}>
          {busy ? 'Running B…' : 'Compare'}
        </button>
        <span class="al-caption-sub">A is the analysed text; B is this text. Ctrl/⌘+Enter runs it.</span>
      </div>
    </div>
  );
  return (
    <div class="al-cmp-setup" data-testid="compare-setup">
      <Segmented legend="B is" showLegend name={`${uid}-source`} value={c.source} options={options} onChange={c.onSource} testid="compare-source" />
      {c.source === 'edit' && textBox(edit, setEdit, 'Edited copy (B)', 'Edit the text: change a word, add one…')}
      {c.source === 'text' && textBox(other, setOther, 'Another text (B)', 'Type or paste another text')}
      {c.source === 'model' &&
        (c.models.length ? (
          <div class="al-cmp-input">
            <div class="al-cmp-row">
              <label class="al-field-label" for={`${uid}-model`}>
                Model B
              </label>
              <select id={`${uid}-model`} class="al-select" data-testid="compare-model" value={model} onChange={(e) => setModel((e.currentTarget as HTMLSelectElement).value)}>
                {c.models.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.label}
                  </option>
                ))}
              </select>
              <button type="button" class="al-btn" data-testid="compare-run" aria-disabled={busy || !model ? 'true' : undefined} onClick={() => !busy && model && c.onRun({ kind: 'model', model })}>
                {busy ? 'Running B…' : 'Run with this model'}
              </button>
            </div>
            <p class="al-caption-sub" data-testid="compare-reload-note">
              {`A is this text under ${c.a.modelId}. The engine holds one model at a time: running B loads the other model, and the next analysis loads yours again (each switch reloads).`}
            </p>
          </div>
        ) : (
          <p class="al-caption-sub" data-testid="compare-no-models">
            No other model is stored yet: download one on the Options page to compare this text under two models.
          </p>
        ))}
      {c.source === 'masked' && <p class="al-caption-sub">B is the masked input of the probe: the same tokens, so every head is compared position by position (the masked rows left out of the ranking).</p>}
    </div>
  );
}
