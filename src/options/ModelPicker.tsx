// Model radio group: the catalog models, then "Other Hub model" with its id field.
import type { StoredModel } from '../hub/store';
import type { ModelChoice } from '../shared/model-choice';
import { CatalogList } from './CatalogList';
import { CustomHubModel } from './CustomHubModel';
import type { ModelPick } from './useModelPick';
import { t } from '../shared/i18n';

export interface ModelPickerProps {
  picked: ModelPick;
  inUse: ModelChoice;
  stored: StoredModel[];
  host: string;
  busy: boolean;
}

export function ModelPicker({ picked, inUse, stored, host, busy }: ModelPickerProps) {
  return (
    <div class="opt-models" role="radiogroup" aria-label={t('opt_model_group')}>
      <CatalogList pick={picked.pick} onPick={picked.setPick} inUse={inUse} stored={stored} host={host} busy={busy} />
      <CustomHubModel picked={picked} inUse={inUse} busy={busy} />
    </div>
  );
}
