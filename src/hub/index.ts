// Hub models: download with progress into Cache Storage, list, delete, and read back offline.
export { downloadModel, type DownloadOptions, type DownloadedModel, type DownloadProgress } from './download';
export { HubError, type HubErrorReason } from './errors';
export { HUB_CACHE, INDEX_CACHE, deleteStoredModel, isStored, listStoredModels, loadStoredModel, type LoadedModelFiles, type StoredModel } from './store';
export { useHubCache, type TransformersEnvLike } from './transformers-env';
export type { ModelSummary } from './validate';
export { probeVariantSizes, sizeFromHeaders, type ProbedSize } from './probe';
