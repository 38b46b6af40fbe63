// A segmented choice as a native radio group (arrow keys move the choice; styles: .al-seg in styles.css).
export function Segmented<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string; testid?: string; title?: string }[];
  onChange: (v: T) => void;
  /** Shows the legend as a small label before the choices (else it is for screen readers only). */
  showLegend?: boolean;
  testid?: string;
}) {
  return (
    <fieldset class="al-seg al-seg-small" data-testid={props.testid}>
      <legend class={props.showLegend ? 'al-field-label' : 'al-sr'}>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} class="al-seg-item" data-testid={o.testid} title={o.title}>
          <input type="radio" name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
          <span class="al-seg-text">{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
