// Masked-token probing in the app shell: keeps the original result and the masked one, which of them the views
// show, and whether the loaded model can mask at all. How a masked run happens is the runner's business (the engine
// in the extension: LensResult.tsx; synthetic data in the views harness), so this hook has no browser dependency.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import type { ErrorInfo } from '../shared/protocol';
import type { ProbeProps, ProbeRun } from '../views/research';

export interface ProbeRunner {
  /** The same input again with the mask token at `positions`; the result carries `masked` predictions. */
  mask(positions: number[]): Promise<AttentionResult>;
  /** Whether the loaded model can mask (null: unknown); asked once, when the user first chooses a token. */
  canMask?(): Promise<{ canMask: boolean | null; reason?: string }>;
}

/** Models found unable to mask, by model id (so the next analysis of the same model shows it at once). */
const NO_MLM = new Map<string, string>();

function errorOf(err: unknown): ErrorInfo {
  const e = err as Partial<ErrorInfo> & { message?: string };
  return { code: (e?.code as ErrorInfo['code']) ?? 'engine', message: e?.message ?? String(err) };
}

const NONE: ProbeRun = { kind: 'none' };

export interface Probe {
  props: ProbeProps;
  /** The result the views show: the masked one while it is chosen, else the original. */
  shown: AttentionResult;
  /** The masked result, once it exists. */
  masked: AttentionResult | null;
}

export function useProbe(original: AttentionResult, runner: ProbeRunner): Probe {
  const [run, setRun] = useState<{ for: AttentionResult; run: ProbeRun }>({ for: original, run: NONE });
  const [showing, setShowing] = useState<'original' | 'masked'>('original');
  // What the engine said about the model of this result (asked once per model).
  const [told, setTold] = useState<{ model: string; canMask: boolean | null; reason?: string } | null>(null);
  const model = original.modelId;
  const ability = told?.model === model ? told : null;
  const runnerRef = useRef(runner);
  runnerRef.current = runner;
  const seq = useRef(0);
  // A new analysis (another selection): the probe starts over.
  const current: ProbeRun = run.for === original ? run.run : NONE;
  useEffect(() => {
    seq.current++;
    setShowing('original');
  }, [original]);

  const known = NO_MLM.get(model);
  const canMask = known !== undefined ? false : (ability?.canMask ?? null);
  const reason = known ?? ability?.reason;

  const props = useMemo<ProbeProps>(
    () => ({
      canMask,
      reason,
      onOffer: () => {
        if (ability || !runnerRef.current.canMask) return;
        setTold({ model, canMask: null });
        void runnerRef.current.canMask().then(
          (r) => {
            if (r.canMask === false && r.reason) NO_MLM.set(model, r.reason);
            setTold({ model, ...r });
          },
          () => undefined,
        );
      },
      onMask: (positions) => {
        const id = ++seq.current;
        const forResult = original;
        setRun({ for: forResult, run: { kind: 'working', positions } });
        runnerRef.current.mask(positions).then(
          (result) => {
            if (id !== seq.current) return;
            setRun({ for: forResult, run: { kind: 'done', positions: result.masked?.positions ?? positions, result } });
            setShowing('masked');
          },
          (err: unknown) => {
            if (id !== seq.current) return;
            const e = errorOf(err);
            if (e.code === 'no-mlm-head') {
              NO_MLM.set(forResult.modelId, e.message);
              setTold({ model: forResult.modelId, canMask: false, reason: e.message });
            }
            setRun({ for: forResult, run: { kind: 'error', positions, message: e.message } });
          },
        );
      },
      run: current,
      showing: current.kind === 'done' ? showing : 'original',
      onShow: setShowing,
      onClear: () => {
        seq.current++;
        setRun({ for: original, run: NONE });
        setShowing('original');
      },
    }),
    [original, model, current, showing, canMask, reason, ability],
  );
  const masked = current.kind === 'done' ? current.result : null;
  return { props, shown: masked && props.showing === 'masked' ? masked : original, masked };
}
