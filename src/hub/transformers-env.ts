// Points transformers.js at downloaded Hub models in Cache Storage, and nowhere else: with these
// settings AutoTokenizer.from_pretrained(id) reads tokenizer.json / tokenizer_config.json from the
// 'transformers-cache' entries that downloadModel wrote, and never makes a network request.
import { HUB_CACHE } from './store';

/** The fields of transformers.js' `env` this touches (structural, so this file does not import the library). */
export interface TransformersEnvLike {
  remoteHost: string;
  remotePathTemplate: string;
  useBrowserCache: boolean;
  cacheKey: string;
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
}

/** transformers.js' own default template: '{model}/resolve/{revision}/'. */
export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

export function useHubCache(env: TransformersEnvLike, hubHost: string): void {
  env.remoteHost = `${hubHost.replace(/\/+$/, '')}/`;
  env.remotePathTemplate = HUB_PATH_TEMPLATE;
  env.useBrowserCache = true;
  env.cacheKey = HUB_CACHE;
  // Cache only: a missing file is an error, not a download. (transformers.js refuses to run with
  // both local and remote models disabled; local paths only ever miss.)
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
}
