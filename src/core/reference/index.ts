// Independent plain-TypeScript BERT forward pass (checks onnxruntime's attention; no ORT here).
export {
  ReferenceWeightsError,
  loadBertWeights,
  type BertConfig,
  type BertConfigJson,
  type BertLayerWeights,
  type BertWeights,
  type Dense,
  type HiddenAct,
  type LayerNormWeights,
} from './bert-weights';
export { bertForward, type BertForwardOptions, type BertForwardResult, type BertInputs, type IdArray } from './bert-forward';
export { erf, gelu, geluTanh } from './math';
