// The catalog's models as radios, with their badges (recommended, in use, downloaded variants) and sizes.
import { CATALOG, type CatalogEntry } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import type { ModelChoice } from '../shared/model-choice';
import { catalogSizeText } from './sizes';
import { storedVariantsOf } from './stored';
import { t } from '../shared/i18n';

export interface CatalogListProps {
  pick: string;
  onPick: (id: string) => void;
  inUse: ModelChoice;
  stored: StoredModel[];
  host: string;
  busy: boolean;
}

export function CatalogList({ pick, onPick, inUse, stored, host, busy }: CatalogListProps) {
  return (
    <>
      {CATALOG.map((e) => (
        <CatalogItem key={e.id} e={e} picked={pick === e.id} onPick={onPick} inUse={inUse} storedVariants={storedVariantsOf(stored, e.id, host)} busy={busy} />
      ))}
    </>
  );
}

interface CatalogItemProps {
  e: CatalogEntry;
  picked: boolean;
  onPick: (id: string) => void;
  inUse: ModelChoice;
  storedVariants: string[];
  busy: boolean;
}

function CatalogItem({ e, picked, onPick, inUse, storedVariants, busy }: CatalogItemProps) {
  return (
    <label class={`opt-model${picked ? ' is-picked' : ''}`} data-testid={`model-${e.id}`}>
      <input type="radio" name="model" value={e.id} checked={picked} disabled={busy} onChange={() => onPick(e.id)} />
      <span class="opt-model-body">
        <span class="opt-model-name">
          {e.name}
          {e.recommended && <span class="opt-badge opt-badge-accent">{t('opt_recommended')}</span>}
          {inUse.id === e.id && <span class="opt-badge opt-badge-ok">{e.source === 'hub' ? t('opt_in_use_variant', inUse.variant) : t('opt_in_use')}</span>}
          {e.source === 'hub' && storedVariants.length > 0 && (
            <span class="opt-badge">{t('opt_downloaded_variants', storedVariants.join(t('list_separator')))}</span>
          )}
        </span>
        <span class="opt-model-desc">{e.description}</span>
        <span class="opt-model-meta">
          {e.source === 'hub' ? <code>{e.id}</code> : t('opt_inside_extension')} · {t('opt_layers_heads', e.layers, e.heads)} · {catalogSizeText(e)}
        </span>
      </span>
    </label>
  );
}
