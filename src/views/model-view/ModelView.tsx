// Model view: every layer × head as a canvas thumbnail heatmap; click one to open it large.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { heatLut } from '../lib/colors';
import { useViewWidth } from '../lib/hooks';
import { roleBadge, roleEvidence, roleLabel, roleText, useHeadRoles } from '../lib/roles';
import { exportColors } from '../lib/svg';
import { matrixTsv, tsvRows } from '../lib/tsv';
import type { AttentionView } from '../lib/view-model';
import type { ViewProps } from '../view-props';
import { Chips } from './Chips';
import { LargeHeatmap } from './LargeHeatmap';
import { buildModelSvg } from './model-svg';
import { prefetchThumbnails } from './thumbnail';
import { gridCellSize, ThumbnailGrid, type GridCursor } from './ThumbnailGrid';
import { useThumbnails } from './use-thumbnails';
import './model-view.css';
import { t } from '../../shared/i18n';

/** Long inputs: pool the thumbnails in idle time after each analysis so opening the tab only has to paint. */
export function prefetchModelView(view: AttentionView): (() => void) | undefined {
  return view.n > 128 ? prefetchThumbnails(view) : undefined;
}

const GAP = 4;
const on = (flags: boolean[]) => flags.map((v, k) => (v ? k : -1)).filter((k) => k >= 0);

export function ModelView(props: ViewProps) {
  const { view, theme } = props;
  const { numLayers, numHeads } = view.result;
  const rootRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useViewWidth(rootRef, 600);
  const [layersOn, setLayersOn] = useState<boolean[]>(() => Array(numLayers).fill(true));
  const [headsOn, setHeadsOn] = useState<boolean[]>(() => Array(numHeads).fill(true));
  const [open, setOpen] = useState<{ layer: number; head: number } | null>(null);
  const [cursor, setCursor] = useState<GridCursor>({ r: 0, c: 0 });
  const layers = useMemo(() => on(layersOn), [layersOn]);
  const heads = useMemo(() => on(headsOn), [headsOn]);
  const labelW = props.compact ? 52 : 60;
  const size = gridCellSize(width, labelW, heads.length, GAP);
  const lut = useMemo(() => heatLut(theme), [theme]);
  const { areaW, areaH } = useThumbnails(canvasRef, rootRef, { view, lut, size, gap: GAP, layers, heads, hidden: !!open });
  const roles = useHeadRoles(view.result);
  const roleOf = (l: number, h: number) => roles?.roles[l * numHeads + h]?.[0] ?? null;
  // Leaving an opened map puts focus back on its thumbnail (never on <body>).
  const refocus = useRef(false);
  useEffect(() => {
    if (open || !refocus.current) return;
    refocus.current = false;
    rootRef.current?.querySelector<HTMLElement>('[data-testid="model-thumb"][tabindex="0"]')?.focus({ preventScroll: true });
  }, [open]);

  useEffect(() => {
    if (open) {
      // LargeHeatmap registers its own exporter; the Copy button copies the opened map.
      const names = view.tokens.map((t) => t.name);
      props.copyRef.current = {
        what: t('mv_copy_matrix', open.layer + 1, open.head + 1),
        tsv: () => matrixTsv(names, names, view.head(open.layer, open.head)),
      };
      return;
    }
    props.exportRef.current = {
      name: 'model-view',
      svg: () => buildModelSvg(canvasRef.current, layers, heads, size, GAP, exportColors(rootRef.current)),
    };
    props.copyRef.current = roles && {
      what: t('mv_copy_roles'),
      tsv: () =>
        tsvRows([
          [t('mv_col_layer'), t('mv_col_head'), t('mv_col_role'), t('mv_col_evidence')],
          ...roles.roles.map((r, k) => [Math.floor(k / numHeads) + 1, (k % numHeads) + 1, roleLabel(r[0]), roleEvidence(r[0])]),
        ]),
    };
  });

  if (open) {
    return (
      <section class="al-model" data-testid="model-view" ref={rootRef} aria-label={t('tab_model_view')}>
        <LargeHeatmap
          view={view}
          layer={open.layer}
          head={open.head}
          theme={theme}
          compact={props.compact}
          table={props.table}
          exportRef={props.exportRef}
          onClose={() => {
            refocus.current = true;
            setOpen(null);
          }}
          onNavigate={(layer, head) => setOpen({ layer, head })}
          onOpenHead={props.onOpenHead}
          onHoverToken={props.onHoverToken}
        />
      </section>
    );
  }
  return (
    <section class="al-model" data-testid="model-view" ref={rootRef} aria-label={t('tab_model_view')}>
      <div class="al-mv-filters">
        <Chips label={t('mv_layers')} item={(k) => t('mv_chip_layer', k + 1)} on={layersOn} onChange={setLayersOn} testid="model-layers" />
        <Chips label={t('mv_heads')} item={(k) => t('mv_chip_head', k + 1)} on={headsOn} onChange={setHeadsOn} testid="model-heads" />
      </div>
      <ThumbnailGrid
        layers={layers}
        heads={heads}
        size={size}
        gap={GAP}
        labelW={labelW}
        canvasRef={canvasRef}
        areaW={areaW}
        areaH={areaH}
        cursor={cursor}
        onCursor={setCursor}
        onOpen={(layer, head) => setOpen({ layer, head })}
        badge={(l, h) => {
          const role = roleOf(l, h);
          return role ? roleBadge(role) : null;
        }}
        cellLabel={(l, h) => {
          const role = roleOf(l, h);
          return role ? t('mv_cell_label_role', l + 1, h + 1, roleText(role)) : t('mv_cell_label', l + 1, h + 1);
        }}
        cellTitle={(l, h) => {
          const role = roleOf(l, h);
          return role ? t('mv_cell_title_role', l + 1, h + 1, roleText(role)) : t('mv_cell_title', l + 1, h + 1);
        }}
      />
      <p class="al-hint">{props.table ? t('mv_hint_table') : t('mv_hint')}</p>
    </section>
  );
}
