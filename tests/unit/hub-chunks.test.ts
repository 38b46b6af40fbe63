// The pieces of the chunked download: the chunk writer (parallel writes, gap-free sizes for resume, errors), the
// byte queue that feeds the graph check during the download, and the streaming ONNX skeleton (structure without
// weights) that the check reads — at any chunk boundary, and refusing truncated or non-ONNX bytes.
import { describe, expect, it } from 'vitest';
import { ByteQueue, ChunkWriter, concatSources } from '../../src/hub/chunks';
import { parseContentRange } from '../../src/hub/download';
import { SkeletonError, chunksOf, onnxSkeleton } from '../../src/hub/onnx-skeleton';
import { exposeAttentionOutputs } from '../../src/core/onnx/expose-outputs';
import { scanModel } from '../../src/core/onnx/scan-model';
import { HUB_FIXTURES, HUB_VARIANTS, hubFixtureFile, hubFixtureRef } from '../fixtures/hub/helpers';
import { fixtureBytes } from '../fixtures/onnx/helpers';

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
const split = (b: Uint8Array, sizes: () => number) => {
  const out: Uint8Array[] = [];
  for (let at = 0; at < b.length;) {
    const n = Math.max(1, sizes());
    out.push(b.subarray(at, at + n));
    at += n;
  }
  return out;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ChunkWriter', () => {
  it('stores fixed-size chunks as they fill and a short last one on flush; reassembled they are the input', async () => {
    const stored = new Map<number, Uint8Array>();
    const manifests: number[][] = [];
    const w = new ChunkWriter(
      async (i, b) => void stored.set(i, b.slice()),
      1000,
      [],
      async (s) => void manifests.push([...s]),
    );
    const input = bytes(3500);
    for (const piece of split(input, () => 333)) await w.write(piece);
    await w.flush();
    expect(w.sizes).toEqual([1000, 1000, 1000, 500]);
    expect(w.stored).toBe(3500);
    expect(Buffer.concat([...stored.keys()].sort().map((k) => stored.get(k)!)).equals(Buffer.from(input))).toBe(true);
    expect(manifests.at(-1)).toEqual([1000, 1000, 1000, 500]);
  });

  it('continues the numbering of a resumed file', async () => {
    const keys: number[] = [];
    const w = new ChunkWriter(async (i) => void keys.push(i), 100, [100, 100, 40]);
    await w.write(bytes(150));
    await w.flush();
    expect(keys).toEqual([3, 4]);
    expect(w.sizes).toEqual([100, 100, 40, 100, 50]);
  });

  it('runs up to `parallel` writes while the next chunk fills; sizes only grow without gaps', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 5, 5, 5];
    const seen: number[][] = [];
    const w = new ChunkWriter(
      async (i) => {
        running++;
        most = Math.max(most, running);
        await sleep(delays[i] ?? 1);
        running--;
      },
      10,
      [],
      async (s) => void seen.push([...s]),
      2,
    );
    await w.write(bytes(50));
    await w.flush();
    expect(most).toBe(2);
    expect(w.sizes).toEqual([10, 10, 10, 10, 10]);
    // chunk 1 finished before chunk 0 (30 ms): the manifest never listed 1 without 0
    for (const s of seen) expect(s.every((n) => n === 10)).toBe(true);
    expect(seen.map((s) => s.length)).toEqual([...seen.map((s) => s.length)].sort((a, b) => a - b));
  });

  it('a failed write (quota) surfaces on the next write or flush, and the chunks after it are not listed', async () => {
    const w = new ChunkWriter(async (i) => {
      if (i === 1) throw new DOMException('full', 'QuotaExceededError');
    }, 10);
    await w.write(bytes(20));
    await expect(w.write(bytes(20))).rejects.toThrow(/full/);
    await expect(w.flush()).rejects.toThrow(/full/);
    expect(w.sizes).toEqual([10]);
  });
});

describe('ByteQueue and concatSources', () => {
  it('hands pushed chunks over in order, then null; an error after the queued ones', async () => {
    const q = new ByteQueue();
    await q.push(bytes(3, 1));
    await q.push(bytes(2, 2));
    q.end();
    expect(await q.next()).toEqual(bytes(3, 1));
    expect(await q.next()).toEqual(bytes(2, 2));
    expect(await q.next()).toBeNull();
    const e = new ByteQueue();
    await e.push(bytes(1));
    e.error(new TypeError('cut'));
    expect(await e.next()).toEqual(bytes(1));
    await expect(e.next()).rejects.toThrow('cut');
  });

  it('push waits while more than the limit is queued, and stops waiting (dropping) once the reader closed', async () => {
    const q = new ByteQueue(10);
    await q.push(bytes(8));
    let pushed = false;
    const p = q.push(bytes(8)).then(() => (pushed = true));
    await sleep(5);
    expect(pushed).toBe(false);
    await q.next();
    await p;
    expect(pushed).toBe(true);
    const blocked = q.push(bytes(20));
    q.close();
    await blocked;
    await q.push(bytes(5)); // dropped
  });

  it('concatSources reads one source after another', async () => {
    const next = concatSources(chunksOf([bytes(1, 1)]), async () => null, chunksOf([bytes(1, 2), bytes(1, 3)]));
    const got: number[] = [];
    for (let c = await next(); c; c = await next()) got.push(c[0]);
    expect(got).toEqual([1, 2, 3]);
  });
});

describe('onnxSkeleton (the graph without its weights, from a stream)', () => {
  it.each(HUB_FIXTURES)('%s: every variant, in odd-sized chunks, locates and exposes attention exactly like the full file', async (name) => {
    const ref = hubFixtureRef(name);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 70_000;
    for (const v of HUB_VARIANTS) {
      const full = hubFixtureFile(ref.id, ref.variantFiles[v]);
      const { bytes: sk, stats } = await onnxSkeleton(chunksOf(split(full, rnd)), { keepBytes: 1024 });
      expect(stats.bytesIn).toBe(full.length);
      expect(sk.length).toBeLessThan(v === 'fp32' ? full.length / 2 : full.length);
      expect(stats.tensorsStripped).toBeGreaterThan(0);
      const a = exposeAttentionOutputs(sk, { mode: 'attention+qk' });
      const b = exposeAttentionOutputs(full, { mode: 'attention+qk' });
      expect(a.layers).toEqual(b.layers);
      expect(a.added).toEqual(b.added);
      const sa = scanModel(sk);
      const sb = scanModel(full);
      expect(sa.nodes.map((n) => `${n.domain}.${n.opType}:${n.name}`)).toEqual(sb.nodes.map((n) => `${n.domain}.${n.opType}:${n.name}`));
      expect([...sa.initializers.keys()]).toEqual([...sb.initializers.keys()]);
      expect(sa.outputs).toEqual(sb.outputs);
    }
  });

  it('reads byte-by-byte chunks too (small graphs), and keeps small constants', async () => {
    for (const f of ['no_softmax', 'fused_ms_attention', 'fused_onnx_attention']) {
      const full = fixtureBytes(f);
      const { bytes: sk } = await onnxSkeleton(chunksOf(split(full, () => 1)));
      expect(Buffer.from(sk).equals(Buffer.from(full))).toBe(true); // nothing over 4 KiB: the same bytes
    }
  });

  it('refuses a truncated file and bytes that are not a protobuf ModelProto', async () => {
    const full = hubFixtureFile('test-org/tiny-bert-mlm', 'onnx/model.onnx');
    await expect(onnxSkeleton(chunksOf([full.subarray(0, 100_000)]))).rejects.toBeInstanceOf(SkeletonError);
    await expect(onnxSkeleton(chunksOf([new TextEncoder().encode('<html>Not Found</html>')]))).rejects.toBeInstanceOf(SkeletonError);
    await expect(onnxSkeleton(chunksOf([Uint8Array.from([0x0f, 1, 2, 3])]))).rejects.toThrow(/wire type|field number 0/);
  });
});

describe('parseContentRange', () => {
  it('reads the range and the full size', () => {
    expect(parseContentRange('bytes 100-999/1000')).toEqual({ start: 100, end: 999, size: 1000 });
    expect(parseContentRange('bytes 0-0/*')).toEqual({ start: 0, end: 0, size: null });
    expect(parseContentRange(null)).toBeNull();
    expect(parseContentRange('items 1-2/3')).toBeNull();
  });
});
