// The middle column of the head view: one SVG path per edge, or (long inputs) the canvas useEdgeCanvas paints.
import type { RefObject } from 'preact';
import { linkHorizontal } from 'd3';
import { edgeEnds, type HeadGeometry } from './geometry';
import { edgeOpacity, type Edge } from './lines';

const link = linkHorizontal<[[number, number], [number, number]], [number, number]>()
  .source((d) => d[0])
  .target((d) => d[1]);

export function EdgeLines(props: {
  g: HeadGeometry;
  edges: Edge[];
  colors: string[];
  layer: number;
  dark: boolean;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  canvasH: number;
}) {
  const { g, colors, layer } = props;
  return (
    <div class="al-hv-lines" style={{ width: `${g.midW}px`, height: `${g.height}px` }}>
      {g.canvas ? (
        <canvas ref={props.canvasRef} data-testid="attn-canvas" class="al-hv-canvas" style={{ width: `${g.midW}px`, height: `${props.canvasH}px` }} />
      ) : (
        <svg width={g.midW} height={g.height} class={props.dark ? 'al-blend-dark' : ''} aria-hidden="true">
          {props.edges.map((e) => {
            const [x0, y0, x1, y1] = edgeEnds(g, e.i, e.j);
            return (
              <path
                key={`${e.head}-${e.i}-${e.j}`}
                data-testid="attn-line"
                data-layer={layer}
                data-head={e.head}
                data-from={e.i}
                data-to={e.j}
                d={
                  link([
                    [x0, y0],
                    [x1, y1],
                  ]) ?? ''
                }
                stroke={colors[e.head]}
                stroke-opacity={edgeOpacity(e.w).toFixed(3)}
                stroke-width={g.stroke}
                fill="none"
              />
            );
          })}
        </svg>
      )}
    </div>
  );
}
