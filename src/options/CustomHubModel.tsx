// "Other Hub model" radio: any Hub id typed by the user, with what is wrong with it.
import { catalogEntry } from '../hub/catalog';
import { choiceLabel, type ModelChoice } from '../shared/model-choice';
import { CUSTOM, customIdProblem } from './pick';
import type { ModelPick } from './useModelPick';

export interface CustomHubModelProps {
  picked: ModelPick;
  inUse: ModelChoice;
  busy: boolean;
}

export function CustomHubModel({ picked, inUse, busy }: CustomHubModelProps) {
  const { pick, customId, setPick, setCustomId } = picked;
  const problem = customIdProblem(picked);
  return (
    <label class={`opt-model${pick === CUSTOM ? ' is-picked' : ''}`} data-testid="model-custom">
      <input type="radio" name="model" value={CUSTOM} checked={pick === CUSTOM} disabled={busy} onChange={() => setPick(CUSTOM)} />
      <span class="opt-model-body">
        <span class="opt-model-name">
          Other Hub model
          {inUse.source === 'hub' && !catalogEntry(inUse.id) && <span class="opt-badge opt-badge-ok">In use · {choiceLabel(inUse)}</span>}
        </span>
        <span class="opt-model-desc">Any transformers.js export of a BERT-family encoder (it needs an onnx/ folder), e.g. Xenova/bert-base-multilingual-uncased.</span>
        <input
          class="opt-input opt-input-wide"
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder="org/model"
          aria-label="Hub model id"
          data-testid="hub-id"
          value={customId}
          disabled={busy}
          onFocus={() => setPick(CUSTOM)}
          onInput={(ev) => setCustomId((ev.target as HTMLInputElement).value)}
        />
        {pick === CUSTOM && customId && problem && <span class="opt-field-error">{problem}</span>}
      </span>
    </label>
  );
}
