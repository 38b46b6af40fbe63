// The model catalog, settings normalisation and Hub URL building (pure parts of issue 5).
import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  RECOMMENDED_VARIANT,
  VARIANTS,
  VARIANT_FILES,
  VARIANT_TRADEOFFS,
  catalogEntry,
  isModelVariant,
  filesOf,
  formatBytes,
  hubFileUrl,
  hubIdProblem,
  normalizeHubHost,
  variantOfFile,
} from '../../src/hub/catalog';
import { BUNDLED_MODEL_ID, engineSpecKey } from '../../src/shared/model-choice';
import { DEFAULT_SETTINGS, engineSpecOf, normalizeSettings } from '../../src/app/settings';
import { effectiveMaxTokens, modelMaxTokens } from '../../src/core/model/config';
import { HUB_PATH_TEMPLATE, useHubCache, type TransformersEnvLike } from '../../src/hub/transformers-env';

// transformers.js' own URL builder and env (internal modules without typings, loaded by URL).
const TRANSFORMERS_SRC = new URL('../../node_modules/@huggingface/transformers/src/', import.meta.url).href;
type Paths = { remoteURL: string; proposedCacheKey: string };
const { buildResourcePaths } = (await import(`${TRANSFORMERS_SRC}utils/hub.js`)) as {
  buildResourcePaths(id: string, file: string, options: { revision?: string }, cache: null): Paths;
};
const { env } = (await import(`${TRANSFORMERS_SRC}env.js`)) as { env: TransformersEnvLike };

describe('Hub URLs', () => {
  it('are exactly the URLs (and Cache Storage keys) transformers.js builds', () => {
    const saved = { host: env.remoteHost, template: env.remotePathTemplate };
    try {
      for (const host of ['https://huggingface.co', 'http://127.0.0.1:4567', 'https://mirror.example/hf']) {
        useHubCache(env, host);
        for (const id of ['Xenova/bert-base-uncased', 'test-org/tiny-bert', 'bert-base-uncased']) {
          for (const file of [...filesOf('q8'), VARIANT_FILES.fp16, VARIANT_FILES.fp32]) {
            for (const revision of ['main', 'v1.0/rc']) {
              const theirs = buildResourcePaths(id, file, { revision }, null);
              expect(hubFileUrl(host, id, revision, file)).toBe(theirs.remoteURL);
              expect(hubFileUrl(host, id, revision, file)).toBe(theirs.proposedCacheKey);
            }
          }
        }
      }
    } finally {
      env.remoteHost = saved.host;
      env.remotePathTemplate = saved.template;
    }
  });

  it('keeps transformers.js default path template', () => {
    expect(HUB_PATH_TEMPLATE).toBe('{model}/resolve/{revision}/');
    expect(hubFileUrl('https://huggingface.co/', 'Xenova/bert-base-uncased', 'main', 'onnx/model_quantized.onnx')).toBe(
      'https://huggingface.co/Xenova/bert-base-uncased/resolve/main/onnx/model_quantized.onnx',
    );
  });

  it('maps variants to the Optimum/transformers.js file names and back', () => {
    expect(VARIANT_FILES).toEqual({
      fp32: 'onnx/model.onnx',
      fp16: 'onnx/model_fp16.onnx',
      q8: 'onnx/model_quantized.onnx',
      q4: 'onnx/model_q4.onnx',
      q4f16: 'onnx/model_q4f16.onnx',
      bnb4: 'onnx/model_bnb4.onnx',
    });
    expect(VARIANTS).toEqual(['q4f16', 'q8', 'bnb4', 'q4', 'fp16', 'fp32']);
    for (const v of VARIANTS) {
      expect(isModelVariant(v)).toBe(true);
      expect(VARIANT_TRADEOFFS[v].length).toBeGreaterThan(20);
      expect(VARIANT_TRADEOFFS[v]).not.toMatch(/\n/);
    }
    expect(isModelVariant('int4')).toBe(false);
    expect(RECOMMENDED_VARIANT).toEqual({ webgpu: 'q4f16', 'webgpu-no-f16': 'q4', wasm: 'q8' });
    for (const v of VARIANTS) expect(variantOfFile(VARIANT_FILES[v])).toBe(v);
    expect(variantOfFile('config.json')).toBeNull();
    expect(filesOf('fp16')).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_fp16.onnx']);
  });

  it('normalises hosts and refuses non-http ones', () => {
    expect(normalizeHubHost('https://huggingface.co/')).toBe('https://huggingface.co');
    expect(normalizeHubHost(' http://127.0.0.1:8080 ')).toBe('http://127.0.0.1:8080');
    expect(normalizeHubHost('https://mirror.example/hf/')).toBe('https://mirror.example/hf');
    expect(normalizeHubHost('ftp://x')).toBeNull();
    expect(normalizeHubHost('huggingface.co')).toBeNull();
    expect(normalizeHubHost('https://x/?q=1')).toBeNull();
  });

  it('validates Hub ids like transformers.js', () => {
    expect(hubIdProblem('Xenova/bert-base-uncased')).toBeNull();
    expect(hubIdProblem('bert-base-uncased')).toBeNull();
    expect(hubIdProblem('')).toMatch(/Enter a Hub model id/);
    expect(hubIdProblem('https://huggingface.co/Xenova/bert-base-uncased')).toMatch(/not a URL/);
    expect(hubIdProblem('a/b/c')).toMatch(/not a Hub model id/);
    expect(hubIdProblem('org/../x')).toMatch(/not a Hub model id/);
    expect(hubIdProblem('org/x--y')).toMatch(/not a Hub model id/);
  });
});

describe('catalog', () => {
  it('has the bundled default, the four Hub models, bert-base-uncased recommended', () => {
    expect(CATALOG.map((e) => e.id)).toEqual([
      BUNDLED_MODEL_ID,
      'Xenova/bert-base-uncased',
      'Xenova/bert-base-cased',
      'Xenova/distilbert-base-uncased',
      'Xenova/roberta-base',
    ]);
    expect(CATALOG.filter((e) => e.recommended).map((e) => e.id)).toEqual(['Xenova/bert-base-uncased']);
    expect(catalogEntry(BUNDLED_MODEL_ID)?.source).toBe('bundled');
  });

  it('gives every Hub entry a size per variant (listed or estimated in proportion), in the order the UI lists them', () => {
    for (const e of CATALOG.filter((x) => x.source === 'hub')) {
      expect(hubIdProblem(e.id)).toBeNull();
      const sizes = VARIANTS.map((v) => e.sizes[v]!);
      expect(sizes.every((n) => n > 0)).toBe(true);
      expect([...sizes].sort((a, b) => a - b)).toEqual(sizes); // smallest first
      expect(e.sizes.fp32! / e.sizes.q8!).toBeGreaterThan(3.5);
      expect(e.layers * e.heads).toBeGreaterThan(0);
    }
    // Xenova/bert-base-uncased as the Hub lists it
    const b = catalogEntry('Xenova/bert-base-uncased')!.sizes;
    expect(VARIANTS.map((v) => formatBytes(b[v]!))).toEqual(['96.4 MB', '111 MB', '144 MB', '150 MB', '219 MB', '438 MB']);
    // roberta-base: q8/fp16/fp32 listed, the 4-bit ones estimated from bert-base-uncased's ratios
    const r = catalogEntry('Xenova/roberta-base')!.sizes;
    expect(formatBytes(r.q8!)).toBe('126 MB');
    expect(formatBytes(r.q4f16!)).toBe(formatBytes(499e6 * (96.4 / 438)));
  });
});

describe('token limits', () => {
  it('reads the model maximum from config.json (RoBERTa offsets its positions)', () => {
    expect(modelMaxTokens({ model_type: 'bert', max_position_embeddings: 512 })).toBe(512);
    expect(modelMaxTokens({ model_type: 'roberta', max_position_embeddings: 514, pad_token_id: 1 })).toBe(512);
    expect(modelMaxTokens({ model_type: 'distilbert', max_position_embeddings: 512 })).toBe(512);
    expect(modelMaxTokens({ model_type: 'bert', max_position_embeddings: 128 })).toBe(128);
    expect(modelMaxTokens({ model_type: 'bert', max_position_embeddings: 4096 })).toBe(512);
    expect(modelMaxTokens({})).toBe(512);
  });

  it('caps the setting by the model', () => {
    expect(effectiveMaxTokens(256, { max_position_embeddings: 512 })).toBe(256);
    expect(effectiveMaxTokens(512, { max_position_embeddings: 128 })).toBe(128);
    expect(effectiveMaxTokens(1, { max_position_embeddings: 512 })).toBe(8);
  });
});

describe('settings', () => {
  it('defaults to the bundled model, auto backend, 512 tokens, huggingface.co', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({
      model: { id: 'attention-lens-mini', source: 'bundled', variant: 'fp32', revision: 'main' },
      backend: 'auto',
      maxTokens: 512,
      hubHost: 'https://huggingface.co',
      pageHeat: true,
      idleUnloadMinutes: 5,
    });
  });

  it('keeps valid values and repairs bad ones', () => {
    const s = normalizeSettings({
      model: { id: ' Xenova/roberta-base ', source: 'hub', variant: 'fp16', revision: 'main' },
      backend: 'wasm',
      maxTokens: 9999,
      hubHost: 'http://127.0.0.1:9000/',
      pageHeat: false,
      idleUnloadMinutes: 99999,
      extra: true,
    });
    expect(s).toEqual({
      model: { id: 'Xenova/roberta-base', source: 'hub', variant: 'fp16', revision: 'main' },
      backend: 'wasm',
      maxTokens: 512,
      hubHost: 'http://127.0.0.1:9000',
      pageHeat: false,
      idleUnloadMinutes: 1440,
    });
    const bad = normalizeSettings({ model: { id: 'not a/valid/id', source: 'hub' }, backend: 'cuda', maxTokens: 'x', hubHost: 'file:///etc' });
    expect(bad).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ model: { source: 'hub', id: 'a/b' } }).model.variant).toBe('q8');
    for (const v of ['q4', 'q4f16', 'bnb4'] as const) expect(normalizeSettings({ model: { source: 'hub', id: 'a/b', variant: v } }).model.variant).toBe(v);
    expect(normalizeSettings({ model: { source: 'hub', id: 'a/b', variant: 'int2' } }).model.variant).toBe('q8');
    expect(normalizeSettings({ maxTokens: 3 }).maxTokens).toBe(8);
  });

  it('gives one engine key per loadable model; the Hub host only matters for Hub models', () => {
    const a = engineSpecOf(DEFAULT_SETTINGS);
    expect(engineSpecKey(a)).toBe(engineSpecKey({ ...a, hubHost: 'http://elsewhere' }));
    const hub = engineSpecOf(normalizeSettings({ model: { id: 'a/b', source: 'hub', variant: 'q8' } }));
    expect(engineSpecKey(hub)).not.toBe(engineSpecKey({ ...hub, hubHost: 'http://elsewhere' }));
    expect(engineSpecKey(hub)).not.toBe(engineSpecKey({ ...hub, model: { ...hub.model, variant: 'fp16' } }));
    expect(engineSpecKey(hub)).not.toBe(engineSpecKey({ ...hub, maxTokens: 128 }));
  });

  it('formats sizes the way the Hub lists them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(711_000)).toBe('711 kB');
    expect(formatBytes(19_109_489)).toBe('19.1 MB');
    expect(formatBytes(110_000_000)).toBe('110 MB');
    expect(formatBytes(1_110_000_000)).toBe('1.11 GB');
    expect(formatBytes(2_500)).toBe('2.5 kB');
  });
});
