// A thin bar showing a share 0..1 (a prediction's probability, a head's divergence relative to the largest);
// decorative: the number is always written next to it. Styles: .al-meter in styles.css.
export function Meter(props: { value: number; min?: number }) {
  const pct = Math.max(props.min ?? 1, Math.min(100, props.value * 100));
  return (
    <span class="al-meter" aria-hidden="true">
      <span style={{ width: `${pct.toFixed(1)}%` }} />
    </span>
  );
}
