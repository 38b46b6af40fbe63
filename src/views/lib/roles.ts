// Head roles for the views (core/attention/head-roles: a label per head with the number behind it), computed once
// per result and cached. Small results are computed at once; long ones layer by layer in idle time, so opening a
// view never waits for 144 heads × 512² weights (useHeadRoles returns null until they are ready).
import { useEffect, useState } from 'preact/hooks';
import { headRoles, similarHeads, type HeadRole, type HeadRoleKind, type RoleInputs } from '../../core/attention/head-roles';
import { roleInputs } from '../../core/attention/role-inputs';
import type { AttentionResult } from '../../shared/attention-result';
import { t, type MessageKey } from '../../shared/i18n';

export interface HeadRoleData {
  /** Per head, layer-major (layer · numHeads + head). */
  inputs: RoleInputs[];
  /** Per head, every role it meets, strongest first ([mixed] when none). */
  roles: HeadRole[][];
}

/** Weights (L·H·n²) up to which roles are computed synchronously. */
const SYNC_WEIGHTS = 3_000_000;

const done = new WeakMap<AttentionResult, HeadRoleData>();
const partial = new WeakMap<AttentionResult, RoleInputs[][]>();

/** One layer of a result as a one-layer result (no copy), so head statistics can run layer by layer. */
function layerOf(r: AttentionResult, layer: number): AttentionResult {
  return { ...r, numLayers: 1, attentions: [r.attentions[layer]] };
}

function finish(r: AttentionResult, layers: RoleInputs[][]): HeadRoleData {
  const inputs = layers.flat();
  const data = { inputs, roles: inputs.map(headRoles) };
  done.set(r, data);
  partial.delete(r);
  return data;
}

/** The roles of every head, computing what is missing now. */
export function headRoleData(r: AttentionResult): HeadRoleData {
  const hit = done.get(r);
  if (hit) return hit;
  const layers = partial.get(r) ?? [];
  for (let l = layers.length; l < r.numLayers; l++) layers.push(roleInputs(layerOf(r, l)));
  return finish(r, layers);
}

type IdleFn = (cb: () => void) => unknown;
const idle: IdleFn = (cb) =>
  (
    (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => unknown }).requestIdleCallback ?? ((f: () => void) => setTimeout(f, 16))
  )(cb, { timeout: 500 });

/** The roles once known: at once for small results, else after a few idle callbacks (one layer each). */
export function useHeadRoles(r: AttentionResult): HeadRoleData | null {
  const small = r.numLayers * r.numHeads * r.seqLen * r.seqLen <= SYNC_WEIGHTS;
  const [data, setData] = useState<{ r: AttentionResult; data: HeadRoleData } | null>(null);
  const ready = done.get(r) ?? (small ? headRoleData(r) : data?.r === r ? data.data : null);
  useEffect(() => {
    if (ready) return;
    let live = true;
    const step = () => {
      if (!live) return;
      const layers = partial.get(r) ?? [];
      partial.set(r, layers);
      if (layers.length < r.numLayers) layers.push(roleInputs(layerOf(r, layers.length)));
      if (layers.length < r.numLayers) idle(step);
      else setData({ r, data: finish(r, layers) });
    };
    idle(step);
    return () => {
      live = false;
    };
  }, [r, ready]);
  return ready;
}

const BADGES: Record<Exclude<HeadRoleKind, 'distance'>, MessageKey> = {
  previous: 'badge_previous',
  next: 'badge_next',
  self: 'badge_self',
  sink: 'badge_sink',
  'same-word': 'badge_same_word',
  broad: 'badge_broad',
  mixed: 'badge_mixed',
};

const LABELS: Record<Exclude<HeadRoleKind, 'distance'>, MessageKey> = {
  previous: 'role_previous',
  next: 'role_next',
  self: 'role_self',
  sink: 'role_sink',
  'same-word': 'role_same_word',
  broad: 'role_broad',
  mixed: 'role_mixed',
};

const signed = (offset: number) => `${offset > 0 ? '+' : '−'}${Math.abs(offset)}`;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Short badge text of a role (model view cells): "prev", "next", "self", "sink", "word", "broad", "+3", "mixed". */
export function roleBadge(role: HeadRole): string {
  return role.kind === 'distance' ? signed(role.offset ?? 0) : t(BADGES[role.kind]);
}

/** A role's name in the user's language ("previous token", "distance +3"). The role's own `label` is the English one exports keep. */
export function roleLabel(role: HeadRole): string {
  return role.kind === 'distance' ? t('role_distance', signed(role.offset ?? 0)) : t(LABELS[role.kind]);
}

/** The number behind a role, in words ("72.8 % of each row on the previous token"). */
export function roleEvidence(role: HeadRole): string {
  const p = pct(role.strength);
  switch (role.kind) {
    case 'previous':
      return t('role_ev_previous', p);
    case 'next':
      return t('role_ev_next', p);
    case 'self':
      return t('role_ev_self', p);
    case 'sink':
      return t(role.sinkOn === 'cls' ? 'role_ev_sink_cls' : role.sinkOn === 'sep' ? 'role_ev_sink_sep' : 'role_ev_sink_both', p);
    case 'same-word':
      return t('role_ev_same_word', p);
    case 'distance':
      return t((role.offset ?? 0) > 0 ? 'role_ev_ahead' : 'role_ev_back', p, Math.abs(role.offset ?? 0));
    case 'broad':
      return t('role_ev_broad', p);
    default:
      return t('role_ev_mixed');
  }
}

/** A role in one line: "previous token: 72.8 % of each row on the previous token". */
export function roleText(role: HeadRole): string {
  return t('role_text', roleLabel(role), roleEvidence(role));
}

/** Heads ordered by likeness to head `k` (layer-major index), nearest first (k itself first). */
export function headsLike(data: HeadRoleData, k: number): number[] {
  return similarHeads(data.inputs[k], data.inputs);
}
