// Compare mode's B: an edited copy of the text (a text box filled with it), another text, this text under another
// model (the engine holds one model at a time: running B loads it, and the next analysis loads the user's again),
// or the masked input of a probe. Ctrl/⌘+Enter in a text box runs B.
import { useEffect, useId, useState } from 'preact/hooks';
import { Segmented } from '../components/Segmented';
import type { CompareProps, CompareSource } from '../research';
import { t } from '../../shared/i18n';

export function CompareSetup(props: { compare: CompareProps }) {
  const c = props.compare;
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [edit, setEdit] = useState(c.a.text);
  const [other, setOther] = useState('');
  const [model, setModel] = useState(c.models[0]?.key ?? '');
  // Another analysis (a new selection): the edited copy starts from its text.
  useEffect(() => setEdit(c.a.text), [c.a.text]);
  // A new model list drops the chosen model when it is no longer offered.
  useEffect(() => {
    setModel((cur) => (c.models.some((m) => m.key === cur) ? cur : (c.models[0]?.key ?? '')));
  }, [c.models]);
  const busy = c.run.kind === 'working';
  const options: { value: CompareSource; label: string; testid: string }[] = [
    { value: 'edit', label: t('cmp_edited_copy'), testid: 'compare-source-edit' },
    { value: 'text', label: t('cmp_another_text'), testid: 'compare-source-text' },
    { value: 'model', label: t('cmp_another_model'), testid: 'compare-source-model' },
    ...(c.hasMasked ? [{ value: 'masked' as const, label: t('cmp_masked_input'), testid: 'compare-source-masked' }] : []),
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
        <button
          type="button"
          class="al-btn"
          data-testid="compare-run"
          aria-disabled={busy || !value.trim() ? 'true' : undefined}
          onClick={() => runText(value)}
        >
          {busy ? t('cmp_running_b') : t('cmp_compare')}
        </button>
        <span class="al-caption-sub">{t('cmp_input_hint')}</span>
      </div>
    </div>
  );
  return (
    <div class="al-cmp-setup" data-testid="compare-setup">
      <Segmented legend={t('cmp_b_is')} showLegend name={`${uid}-source`} value={c.source} options={options} onChange={c.onSource} testid="compare-source" />
      {c.source === 'edit' && textBox(edit, setEdit, t('cmp_edited_label'), t('cmp_edited_placeholder'))}
      {c.source === 'text' && textBox(other, setOther, t('cmp_other_label'), t('cmp_other_placeholder'))}
      {c.source === 'model' &&
        (c.models.length ? (
          <div class="al-cmp-input">
            <div class="al-cmp-row">
              <label class="al-field-label" for={`${uid}-model`}>
                {t('cmp_model_b')}
              </label>
              <select
                id={`${uid}-model`}
                class="al-select"
                data-testid="compare-model"
                value={model}
                onChange={(e) => setModel((e.currentTarget as HTMLSelectElement).value)}
              >
                {c.models.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.label}
                  </option>
                ))}
              </select>
              <button
                type="button"
                class="al-btn"
                data-testid="compare-run"
                aria-disabled={busy || !model ? 'true' : undefined}
                onClick={() => !busy && model && c.onRun({ kind: 'model', model })}
              >
                {busy ? t('cmp_running_b') : t('cmp_run_model')}
              </button>
            </div>
            <p class="al-caption-sub" data-testid="compare-reload-note">
              {t('cmp_reload_note', c.a.modelId)}
            </p>
          </div>
        ) : (
          <p class="al-caption-sub" data-testid="compare-no-models">
            {t('cmp_no_models')}
          </p>
        ))}
      {c.source === 'masked' && <p class="al-caption-sub">{t('cmp_masked_note')}</p>}
    </div>
  );
}
