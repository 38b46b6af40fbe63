// Auto / light / dark switch as a native radio group (arrow keys work out of the box).
import type { ThemePref } from '../types';

const OPTIONS: { value: ThemePref; label: string; icon: string }[] = [
  { value: 'auto', label: 'Auto', icon: '◐' },
  { value: 'light', label: 'Light', icon: '☀' },
  { value: 'dark', label: 'Dark', icon: '☾' },
];

export function ThemeSwitch(props: { value: ThemePref; onChange: (v: ThemePref) => void; name: string }) {
  return (
    <fieldset class="al-seg" data-testid="theme-switch">
      <legend class="al-sr">Colour theme</legend>
      {OPTIONS.map((o) => (
        <label key={o.value} class="al-seg-item" title={`${o.label} theme`}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
            aria-label={`${o.label} theme`}
          />
          <span aria-hidden="true" class="al-seg-icon">{o.icon}</span>
          <span class="al-seg-text">{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
