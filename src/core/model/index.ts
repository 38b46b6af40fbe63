// What a model is: its config.json normalised per architecture.
export { ARCHITECTURES, architectureOf, type Architecture, type ConfigKeys } from './architectures';
export { ABSOLUTE_MAX_TOKENS, DEFAULT_MAX_TOKENS, MIN_MAX_TOKENS, effectiveMaxTokens, modelMaxTokens, normalizeConfig, type ModelConfig, type RawConfig } from './config';
