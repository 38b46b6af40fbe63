// What the app shell hands the panel for the research tools (both optional: AttentionPanel works without them).
//   Masked-token probing: the shell re-runs the input with the mask token at chosen positions and keeps the
//   original and the masked result; the panel shows the one chosen (`showing`), the top predictions per masked
//   position and a one-click switch between the two.
//   Compare mode: the shell runs a second analysis B (an edited copy of the text, another text, or this text under
//   another model) and hands the pair; the Compare tab draws the difference per head.
import type { AttentionResult } from '../shared/attention-result';
import type { ComparePair } from './compare/compare-model';

export type ProbeRun =
  | { kind: 'none' }
  | { kind: 'working'; positions: number[] }
  | { kind: 'error'; positions: number[]; message: string }
  | { kind: 'done'; positions: number[]; result: AttentionResult };

export interface ProbeProps {
  /** Whether the model can predict masked tokens: true, false (`reason` says why), or null while not known (offered). */
  canMask: boolean | null;
  reason?: string;
  /** A token was chosen: the shell may find out now whether the loaded model can mask (asked once). */
  onOffer?: () => void;
  /** Mask these positions (indices into the original result's tokens) and run the model again. */
  onMask: (positions: number[]) => void;
  run: ProbeRun;
  /** The result the views show (the shell passes it as AttentionPanel's `result`). */
  showing: 'original' | 'masked';
  onShow: (which: 'original' | 'masked') => void;
  /** Forget the masked run (back to the original). */
  onClear: () => void;
}

/** Where compare mode's B comes from. */
export type CompareSource = 'edit' | 'text' | 'model' | 'masked';

export type CompareRequest = { kind: 'edit' | 'text'; text: string } | { kind: 'model'; model: string };

export type CompareRun =
  | { kind: 'none' }
  | { kind: 'working'; request: CompareRequest; stage?: string }
  | { kind: 'error'; request: CompareRequest; message: string }
  | { kind: 'done'; request: CompareRequest; result: AttentionResult };

export interface CompareModel {
  /** Key for CompareRequest.model. */
  key: string;
  label: string;
}

export interface CompareProps {
  /** A: the analysis the panel was opened for (the original input, also while a masked input is shown). */
  a: AttentionResult;
  source: CompareSource;
  onSource: (s: CompareSource) => void;
  /** Run B; the result replaces any earlier B. */
  onRun: (request: CompareRequest) => void;
  run: CompareRun;
  /** The two results to draw for the chosen source, when B exists (source 'masked': original vs masked input). */
  pair: ComparePair | null;
  /** Models B can run with (other than A's). */
  models: CompareModel[];
  /** Whether a masked input exists (source 'masked' is offered). */
  hasMasked: boolean;
}

/** The heatmap's "Mask it" action for the chosen token (AttentionPanel builds it from ProbeProps). */
export interface MaskAction {
  /** null: not known yet (offered); false: not possible, `reason` says why. */
  canMask: boolean | null;
  reason?: string;
  /** A masked run is under way. */
  busy: boolean;
  /** The result shown is already a masked input: the action adds this token to the masked positions. */
  adding: boolean;
  /** Whether every piece of view token `k` is masked already (or is a special token). */
  isMasked: (k: number) => boolean;
  /** Mask view token `k` (every piece of a word in word mode). */
  mask: (k: number) => void;
  /** A token was chosen (the shell may now ask whether the model can mask). */
  onOffer?: () => void;
}
