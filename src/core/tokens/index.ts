export { alignTokens, type AlignOptions, type Span, type TokenScheme } from './align';
export { normalizeWithOffsets, type NormalizeOptions, type NormalizedText } from './normalize';
export { wordIndices, type WordOptions } from './words';
export { truncationNotice, truncationMessage, coveredRange, sliceTextForTokens, clipText } from './truncate';
export { buildTokenInfos, BERT_UNCASED, type BuildTokenOptions } from './build-tokens';
export { alignOptionsFromTokenizerJson } from './options';
