// Pure logic of the Options page's Hub parts: which variant is recommended for which backend (and GPU), the resume
// label, update states shown per stored model, the summary line of a (resumed) download and its rate.
import { describe, expect, it } from 'vitest';
import { resumeLabel } from '../../src/options/ModelAction';
import { downloadRate } from '../../src/options/format';
import { downloadedSummary } from '../../src/options/op';
import { backendKindOf, recommendedFor } from '../../src/options/useBackendKind';
import { groupKey, updateViewOf } from '../../src/options/useUpdates';
import type { PartialDownload } from '../../src/hub/chunks';
import type { StoredModel } from '../../src/hub/store';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('recommended variant', () => {
  it('follows the backend the model will run on', () => {
    const noGpu = { adapter: false, shaderF16: false };
    const f16 = { adapter: true, shaderF16: true };
    const noF16 = { adapter: true, shaderF16: false };
    expect(backendKindOf('auto', null)).toBe('wasm');
    expect(backendKindOf('auto', noGpu)).toBe('wasm');
    expect(backendKindOf('auto', f16)).toBe('webgpu');
    expect(backendKindOf('wasm', f16)).toBe('wasm');
    expect(backendKindOf('webgpu', noGpu)).toBe('webgpu');
    expect(recommendedFor('wasm', f16)).toEqual({ variant: 'q8', backend: 'WebAssembly' });
    expect(recommendedFor('webgpu', f16)).toEqual({ variant: 'q4f16', backend: 'WebGPU' });
    expect(recommendedFor('webgpu', null)).toEqual({ variant: 'q4f16', backend: 'WebGPU' });
    // the headless test adapter (SwiftShader) has no shader-f16: float16 variants cannot run on it
    expect(recommendedFor('webgpu', noF16)).toEqual({ variant: 'q4', backend: 'WebGPU without shader-f16' });
  });
});

describe('resume and download summary', () => {
  const partial = (sizes: number[], size: number) => ({ sizes, size }) as PartialDownload;
  it('says what is left and how much is stored', () => {
    expect(resumeLabel(partial([8_388_608, 8_388_608, 5_000_000], 438_330_996))).toBe('Resume · 417 MB left (4% stored)');
    expect(resumeLabel(partial([150_206], 300_412))).toBe('Resume · 150 kB left (50% stored)');
  });

  it('names a resume and the commit; the rate counts only what came this time', () => {
    const timings = { downloadMs: 2000, validateMs: 10, storeMs: 20 };
    expect(downloadedSummary({ bytes: 20_000_000, timings, received: 20_000_000, resumedFrom: 0, commit: A }).prefix).toBe(
      'Downloaded 20 MB in 2.0 s (10.0 MB/s, commit aaaaaaa) and now in use. ',
    );
    const resumed = downloadedSummary({ bytes: 20_000_000, timings, received: 8_000_000, resumedFrom: 12_000_000, commit: null }, false);
    expect(resumed.prefix).toBe('Downloaded 20 MB in 2.0 s (4.0 MB/s, resumed: 8 MB this time). ');
    expect(resumed.data).toMatchObject({ bytes: 20_000_000, received: 8_000_000, resumedFrom: 12_000_000, commit: '' });
    expect(downloadRate({ loaded: 12_000_000, resumed: 10_000_000 } as never, 2)).toBe(1);
    expect(downloadRate({ loaded: 12_000_000, resumed: 10_000_000 } as never, 0.2)).toBeNull();
  });
});

describe('update states per stored model', () => {
  const m = (commit: string | null, keptRemote?: string) =>
    ({ id: 'o/m', hubHost: 'http://h', revision: 'main', variant: 'q8', commit, keptRemote }) as StoredModel;
  it('derives each variant from the one answer for its repository', () => {
    expect(groupKey(m(A))).toBe('http://h|o/m|main');
    expect(updateViewOf(m(A), undefined)).toEqual({ kind: 'not-checked' });
    expect(updateViewOf(m(A), 'checking')).toEqual({ kind: 'checking' });
    expect(updateViewOf(m(A), { kind: 'commit', sha: A })).toEqual({ kind: 'current', commit: A });
    expect(updateViewOf(m(A), { kind: 'commit', sha: B })).toEqual({ kind: 'update-available', commit: A, remote: B });
    expect(updateViewOf(m(A, B), { kind: 'commit', sha: B })).toEqual({ kind: 'kept', commit: A, remote: B });
    expect(updateViewOf(m(A), { offline: 'could not reach the host (Failed to fetch)' })).toEqual({
      kind: 'unavailable',
      reason: 'could not reach the host (Failed to fetch)',
    });
    expect(updateViewOf(m(null), { kind: 'commit', sha: B })).toEqual({ kind: 'unknown', remote: B });
  });
});
