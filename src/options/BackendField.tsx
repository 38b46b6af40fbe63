// Backend radios: Auto, WebGPU or WebAssembly.
import type { BackendPreference } from '../shared/model-choice';
import { t } from '../shared/i18n';

const BACKENDS: Array<[BackendPreference, () => string]> = [
  ['auto', () => t('opt_backend_auto')],
  ['webgpu', () => 'WebGPU'],
  ['wasm', () => 'WebAssembly'],
];

export function BackendField({ backend, onBackend }: { backend: BackendPreference; onBackend: (b: BackendPreference) => void }) {
  return (
    <div class="opt-row">
      <div class="opt-row-label">
        <span class="opt-label" id="opt-backend-l">
          {t('opt_backend')}
        </span>
        <span class="opt-hint">{t('opt_backend_hint')}</span>
      </div>
      <div class="opt-seg" role="radiogroup" aria-labelledby="opt-backend-l">
        {BACKENDS.map(([value, label]) => (
          <label key={value} class={`opt-seg-item${backend === value ? ' is-picked' : ''}`} data-testid={`backend-${value}`}>
            <input type="radio" name="backend" value={value} checked={backend === value} onChange={() => onBackend(value)} />
            {label()}
          </label>
        ))}
      </div>
    </div>
  );
}
