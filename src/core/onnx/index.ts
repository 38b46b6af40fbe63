// Public surface of the ONNX graph tools: scan a model in place, find attention, expose it.
export { ProtoReader, ProtoWriter, ProtobufError, WireType, decodeUtf8, encodeUtf8 } from './protobuf';
export {
  DataType,
  attrFloat,
  attrInt,
  attrInts,
  opsetVersion,
  scanModel,
  tensorSize,
  tensorToFloat32,
  tensorToNumbers,
  type AttributeValue,
  type OpsetImport,
  type ScannedModel,
  type ScannedNode,
  type ScannedTensor,
  type ScannedValueInfo,
  type TensorEncoding,
} from './scan-model';
export { indexGraph, type GraphIndex } from './graph-index';
export {
  AttentionLocateError,
  FusedAttentionError,
  assertNoFusedAttention,
  locateAttention,
  type AttentionLayer,
  type AttentionLocateErrorCode,
  type LocatedAttention,
  type ScaleKind,
} from './locate-attention';
export {
  appendGraphOutputs,
  encodeOutputsRecord,
  exposeAttentionOutputs,
  type ExposeMode,
  type ExposeOptions,
  type ExposedModel,
  type NewGraphOutput,
} from './expose-outputs';
