// Edits the model bytes so the session returns every layer's attention probabilities (and Q, Kᵀ for
// the neuron view) next to last_hidden_state. Errors become messages that name the file.
import { exposeAttentionOutputs } from '../core/onnx/expose-outputs';
import { AttentionLocateError } from '../core/onnx/locate-attention';
import { ProtocolError } from '../shared/protocol';

export interface PreparedLayer {
  attention: string;
  query: string;
  keyTransposed: string;
}

export interface PreparedModel {
  bytes: Uint8Array;
  layers: PreparedLayer[];
}

export function prepareModel(bytes: Uint8Array, path: string): PreparedModel {
  try {
    const exposed = exposeAttentionOutputs(bytes, { mode: 'attention+qk' });
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
    throw new ProtocolError('model-file', `Model file ${path} is corrupt or not an ONNX model (${err instanceof Error ? err.message : String(err)}).`);
  }
}
