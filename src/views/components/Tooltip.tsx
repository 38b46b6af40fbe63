// A small floating tooltip placed next to the pointer (position: fixed, kept inside the viewport).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import './components.css';

export interface TipState {
  x: number;
  y: number;
  content: ComponentChildren;
}

export function Tooltip(props: { tip: TipState | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const tip = props.tip;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!tip || !el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const vw = document.documentElement.clientWidth;
    let left = tip.x + 12;
    let top = tip.y - h - 10;
    if (left + w > vw - 6) left = Math.max(6, tip.x - w - 12);
    if (top < 6) top = tip.y + 16;
    setPos({ left, top });
  }, [tip]);
  if (!tip) return null;
  return (
    <div ref={ref} class="al-tooltip" role="tooltip" data-testid="tooltip" style={{ left: `${pos?.left ?? tip.x + 12}px`, top: `${pos?.top ?? tip.y + 16}px` }}>
      {tip.content}
    </div>
  );
}
