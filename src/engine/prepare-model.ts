// Edits the model bytes so the session returns every layer's attention probabilities (and Q, Kᵀ for
// the neuron view) next to last_hidden_state. Errors become messages that name the file.
import { exposeAttentionOutputs } from '../core/onnx/expose-outputs';
import { AttentionLocateError } from '../core/onnx/locate-attention';
import { ProtocolError } from '../shared/protocol';
import { MODEL_HEADROOM } from '../hub/read-body';
import { t } from '../shared/i18n';

export interface PreparedLayer {
  attention: string;
  query: string;
  keyTransposed: string;
}

export interface PreparedModel {
  bytes: Uint8Array;
  layers: PreparedLayer[];
}

/**
 * The same bytes with spare room after them, so the graph edit appends in place instead of copying the whole
 * model (bert-base: 436 MB). Bytes read by readBodyWithHeadroom already have it. Otherwise an exact buffer is
 * moved with ArrayBuffer#transfer (the old view is detached); where that is impossible the edit copies.
 */
export function withHeadroom(bytes: Uint8Array): Uint8Array {
  const buf = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  const room = buf.byteLength - bytes.byteOffset - bytes.byteLength;
  if (room >= 64 * 1024) return bytes;
  if (bytes.byteOffset !== 0 || room !== 0 || typeof buf.transfer !== 'function') return bytes;
  const length = bytes.byteLength;
  return new Uint8Array(buf.transfer(length + MODEL_HEADROOM), 0, length);
}

/** Takes ownership of `bytes` and of their buffer past them (it may be detached, or written after the model). */
export function prepareModel(bytes: Uint8Array, path: string): PreparedModel {
  try {
    const exposed = exposeAttentionOutputs(withHeadroom(bytes), { mode: 'attention+qk', inPlace: true });
    return {
      bytes: exposed.bytes,
      layers: exposed.layers.map((l, i) => ({
        attention: exposed.attentionOutputs[i],
        query: exposed.queryOutputs![i],
        keyTransposed: exposed.keyTransposedOutputs![i],
      })),
    };
  } catch (err) {
    if (err instanceof AttentionLocateError) throw new ProtocolError('model-graph', `${path}: ${err.message}`);
    throw new ProtocolError('model-file', t('engine_file_not_onnx', path, err instanceof Error ? err.message : String(err)));
  }
}
