// Auto / light / dark switch as a native radio group (arrow keys work out of the box).
import type { ThemePref } from '../types';
import { t, type MessageKey } from '../../shared/i18n';

const OPTIONS: { value: ThemePref; label: MessageKey; icon: string }[] = [
  { value: 'auto', label: 'theme_auto', icon: '◐' },
  { value: 'light', label: 'theme_light', icon: '☀' },
  { value: 'dark', label: 'theme_dark', icon: '☾' },
];

export function ThemeSwitch(props: { value: ThemePref; onChange: (v: ThemePref) => void; name: string }) {
  return (
    <fieldset class="al-seg" data-testid="theme-switch">
      <legend class="al-sr">{t('theme_label')}</legend>
      {OPTIONS.map((o) => (
        <label key={o.value} class="al-seg-item" title={t('theme_title', t(o.label))}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
            aria-label={t('theme_title', t(o.label))}
          />
          <span aria-hidden="true" class="al-seg-icon">
            {o.icon}
          </span>
          <span class="al-seg-text">{t(o.label)}</span>
        </label>
      ))}
    </fieldset>
  );
}
