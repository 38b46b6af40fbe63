// Hub models: download with progress into Cache Storage, list, delete, and read back offline.
export { discardPartialDownload, downloadModel, partialDownloadOf, type DownloadOptions, type DownloadedModel, type DownloadProgress } from './download';
export { HubError, type HubErrorReason } from './errors';
export {
  HUB_CACHE,
  INDEX_CACHE,
  deleteStoredModel,
  isStored,
  keepStoredVersion,
  listStoredModels,
  loadStoredModel,
  readRecord,
  type LoadedModelFiles,
  type StoredModel,
} from './store';
export { CHUNK_CACHE, DEFAULT_CHUNK_BYTES, type PartialDownload } from './chunks';
export { lookupCommit, updateState, shortSha, type CommitLookup, type UpdateState } from './revision';
export { useHubCache, type TransformersEnvLike } from './transformers-env';
export type { ModelSummary } from './validate';
export { probeVariantSizes, sizeFromHeaders, type ProbedSize } from './probe';
