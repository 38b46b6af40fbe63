// An on/off switch: a native checkbox with role="switch" and a styled track (styles.css: .al-switch).
export function Switch(props: { checked: boolean; onChange: (on: boolean) => void; label: string; title?: string; testid?: string }) {
  return (
    <label class="al-switch" title={props.title}>
      <input
        type="checkbox"
        role="switch"
        data-testid={props.testid}
        checked={props.checked}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <span class="al-switch-track" aria-hidden="true" />
      <span>{props.label}</span>
    </label>
  );
}
