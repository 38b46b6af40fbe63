// The model view's thumbnails for a whole page: every head's attention pooled onto the profile's grid and averaged
// over its windows (rows = layers, columns = heads), each thumbnail scaled to its own maximum.
import { useEffect, useRef } from 'preact/hooks';
import type { PageProfile } from '../../shared/attention-result';
import { heatLut, type ResolvedTheme } from '../lib/colors';
import { t } from '../../shared/i18n';

const GAP = 3;

export function ProfileMaps(props: { profile: PageProfile; theme: ResolvedTheme }) {
  const { profile: p, theme } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const g = p.grid;
  const cell = Math.max(g, Math.min(64, Math.floor(560 / Math.max(1, p.numHeads)) - GAP));
  const width = p.numHeads * (cell + GAP);
  const height = p.numLayers * (cell + GAP);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, width, height);
    const lut = heatLut(theme);
    const tile = new ImageData(g, g);
    const scratch = document.createElement('canvas');
    scratch.width = g;
    scratch.height = g;
    const sctx = scratch.getContext('2d');
    if (!sctx) return;
    ctx.imageSmoothingEnabled = false;
    for (let l = 0; l < p.numLayers; l++) {
      for (let h = 0; h < p.numHeads; h++) {
        const at = (l * p.numHeads + h) * g * g;
        let max = 0;
        for (let c = 0; c < g * g; c++) max = Math.max(max, p.maps[at + c]);
        for (let c = 0; c < g * g; c++) {
          const k = Math.min(255, Math.round((max > 0 ? p.maps[at + c] / max : 0) * 255)) * 4;
          tile.data[c * 4] = lut[k];
          tile.data[c * 4 + 1] = lut[k + 1];
          tile.data[c * 4 + 2] = lut[k + 2];
          tile.data[c * 4 + 3] = 255;
        }
        sctx.putImageData(tile, 0, 0);
        ctx.drawImage(scratch, h * (cell + GAP), l * (cell + GAP), cell, cell);
      }
    }
  }, [p, theme, cell, width, height, g]);
  return (
    <figure class="al-profile-maps">
      <canvas
        ref={ref}
        width={width}
        height={height}
        data-testid="profile-maps"
        role="img"
        aria-label={t('prof_maps_label', p.numLayers, p.numHeads, p.windowsDone)}
      />
      <figcaption class="al-caption-sub">{t(p.windowsDone === 1 ? 'prof_maps_caption_one' : 'prof_maps_caption', g, p.windowsDone)}</figcaption>
    </figure>
  );
}
