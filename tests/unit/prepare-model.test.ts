// The engine's graph edit must not double the memory of a big model: the fetched bytes move (ArrayBuffer#transfer)
// into a buffer with spare room and the outputs record is appended there, without copying the model.
import { describe, expect, it } from 'vitest';
import { scanModel } from '../../src/core/onnx/scan-model';
import { prepareModel, withHeadroom } from '../../src/engine/prepare-model';
import { MODEL_HEADROOM, readBodyWithHeadroom } from '../../src/hub/read-body';
import { fixtureBytes, fixtureRef } from '../fixtures/onnx/helpers';

/** A fresh copy whose buffer has an instance `transfer` (Node 20's V8 has none) that records what it made. */
function transferable(bytes: Uint8Array) {
  const copy = bytes.slice();
  const made: ArrayBuffer[] = [];
  Object.defineProperty(copy.buffer, 'transfer', {
    value(length: number) {
      const nb = new ArrayBuffer(length);
      new Uint8Array(nb).set(copy);
      made.push(nb);
      return nb;
    },
  });
  return { copy, made };
}

describe('prepareModel memory', () => {
  it('appends the outputs record inside the transferred buffer (no second model-sized copy)', () => {
    const { copy, made } = transferable(fixtureBytes('bert_eager'));
    const prepared = prepareModel(copy, 'bert_eager.onnx');
    expect(made).toHaveLength(1);
    expect(prepared.bytes.buffer).toBe(made[0]);
    expect(prepared.bytes.byteLength).toBeGreaterThan(copy.byteLength);
    const scanned = scanModel(prepared.bytes);
    const outputs = scanned.outputs.map((o) => o.name);
    for (const l of prepared.layers) expect(outputs).toEqual(expect.arrayContaining([l.attention, l.query, l.keyTransposed]));
    expect(prepared.layers).toHaveLength(fixtureRef('bert_eager').numLayers);
  });

  it('uses the room after bytes read with headroom, and leaves other views alone', async () => {
    const model = fixtureBytes('bert_eager');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let at = 0; at < model.byteLength; at += 1000) c.enqueue(model.slice(at, at + 1000)); // many chunks
        c.close();
      },
    });
    const read = await readBodyWithHeadroom(new Response(stream, { headers: { 'content-length': String(model.byteLength) } }), MODEL_HEADROOM);
    expect(Array.from(read)).toEqual(Array.from(model));
    expect(read.buffer.byteLength).toBe(model.byteLength + MODEL_HEADROOM);
    const prepared = prepareModel(read, 'bert_eager.onnx');
    expect(prepared.bytes.buffer).toBe(read.buffer); // appended in place: no model-sized copy
    expect(scanModel(prepared.bytes).outputs.length).toBe(1 + 3 * prepared.layers.length);

    const view = new Uint8Array(100).subarray(10, 20); // no room after it, not the whole buffer
    expect(withHeadroom(view)).toBe(view);
  });

  it('reads bodies without a content-length (or longer than declared) completely', async () => {
    const model = fixtureBytes('bert_eager');
    const noLength = await readBodyWithHeadroom(new Response(model.slice()), 16);
    expect(Array.from(noLength)).toEqual(Array.from(model));
    const stream = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(model.slice(0, 500)), c.enqueue(model.slice(500)), c.close()) });
    const longer = await readBodyWithHeadroom(new Response(stream, { headers: { 'content-length': '100' } }), 16);
    expect(Array.from(longer)).toEqual(Array.from(model));
  });

  it('still edits correctly where ArrayBuffer#transfer is missing (by copying)', () => {
    const bytes = fixtureBytes('bert_eager').slice();
    const prepared = prepareModel(bytes, 'bert_eager.onnx');
    expect(scanModel(prepared.bytes).outputs.length).toBe(1 + 3 * prepared.layers.length);
  });
});
