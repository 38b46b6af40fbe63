// The neuron view's own settings: head, query token, key order and (long inputs) all keys vs the strongest.
import { headOptions } from '../components/Controls';
import { Switch } from '../components/Switch';
import { t } from '../../shared/i18n';

export type KeyOrder = 'weight' | 'position';

export function NeuronControls(props: {
  /** Token names (text·position), one per result token. */
  names: string[];
  numKeys: number;
  numHeads: number;
  head: number;
  onHead: (h: number) => void;
  query: number;
  onQuery: (k: number) => void;
  order: KeyOrder;
  onOrder: (o: KeyOrder) => void;
  /** Show every key rather than the strongest; null: there are few keys, all are shown (no switch). */
  showAll: boolean | null;
  onShowAll: (on: boolean) => void;
}) {
  const value = (e: Event) => (e.currentTarget as HTMLSelectElement).value;
  return (
    <div class="al-controls al-controls-inline" role="group" aria-label={t('neuron_settings')}>
      <div class="al-field">
        <label for="al-neuron-head">{t('neuron_head')}</label>
        <select id="al-neuron-head" class="al-select" data-testid="neuron-head" value={String(props.head)} onChange={(e) => props.onHead(Number(value(e)))}>
          {headOptions(props.numHeads)}
        </select>
      </div>
      <div class="al-field">
        <label for="al-neuron-query">{t('neuron_query_token')}</label>
        <select id="al-neuron-query" class="al-select" data-testid="neuron-query" value={String(props.query)} onChange={(e) => props.onQuery(Number(value(e)))}>
          {props.names.map((name, k) => (
            <option key={k} value={String(k)}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div class="al-field">
        <label for="al-neuron-order">{t('neuron_order')}</label>
        <select id="al-neuron-order" class="al-select" value={props.order} onChange={(e) => props.onOrder(value(e) as KeyOrder)}>
          <option value="position">{t('neuron_by_position')}</option>
          <option value="weight">{t('neuron_by_weight')}</option>
        </select>
      </div>
      {props.showAll !== null && <Switch checked={props.showAll} onChange={props.onShowAll} label={t('neuron_all_keys', props.numKeys)} />}
    </div>
  );
}
