export { meanOverHeads, maxOverHeads, meanOverLayersAndHeads, attentionFrom, attentionTo } from './aggregate';
export { rollout, rolloutLayers, rolloutRow, rolloutTimesVector, residualStep, type RolloutOptions } from './rollout';
export { hideSpecial, nonSpecialMask } from './special';
export { mergeWords, mergeGroups, wordGroups, pieceText, type MergedWords } from './words';
export { headStats, matrixStats, selectRows, type HeadStat, type HeadStatsOptions } from './head-stats';
export { pruneByMass, type PrunedEdges } from './prune';
