// row-pass.ts's per-row scan (block sums, −Σ v·ln v with the float32-bits logarithm, Σ v·|j − i|, the row's sum) as a
// small WebAssembly function, emitted here byte by byte (no binary blob, no build step). Why: the engine runs in a
// background document (Chrome's offscreen document) where V8 compiles JavaScript less aggressively; there the
// JavaScript scan took ~65 ms CPU per 512-token window of the 4 × 4 model (~20 ms in a foreground page), while
// WebAssembly is compiled the same everywhere. The arithmetic is the JavaScript scan's, operation for operation and
// in the same order (IEEE double: the results are bit-identical; tests/unit/attention-row-pass.test.ts checks it).
//
// Memory layout (bytes): LN table (1,024 f64) | 1 / (1 + k/1024) table (1,024 f64) | (e − 127)·ln 2 (256 f64) |
// results: distance, sum (2 f64) | block ends (128 i32) | block sums (128 f64) | the head's n × n float32 matrix.

/** Byte offsets of the kernel's memory. */
export const LAYOUT = {
  ln: 0,
  inv: 8192,
  exp: 16384,
  out: 18432,
  colTo: 18448,
  bins: 18960,
  data: 20480,
} as const;
/** Most blocks a row may have (the pooled grid's largest side). */
export const MAX_BLOCKS = 128;

// ---------------------------------------------------------------------------------------------- a tiny wasm emitter
const I32 = 0x7f;
const F64 = 0x7c;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32GeS: 0x4e,
  i32LtS: 0x48,
  f64Gt: 0x64,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f64Abs: 0x99,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
  f64PromoteF32: 0xbb,
} as const;
const EMPTY = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function f64(x: number): number[] {
  return [op.f64Const, ...new Uint8Array(new Float64Array([x]).buffer)];
}

const i32c = (x: number) => [op.i32Const, ...sleb(x)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
/** memarg: alignment (log2 bytes), offset. */
const mem = (code: number, align: number, offset: number) => [code, align, ...uleb(offset)];

// locals of scan(row, n, i, nb): params 0–3, then
const ROW = 0;
const QI = 2;
const NB = 3;
const J = 4;
const B = 5;
const END = 6;
const P = 7;
const U = 8;
const M = 9;
const K = 10;
const E = 11;
const D = 12;
const S = 13;
const TOTAL = 14;
const V = 15;
const R = 16;

const get = (l: number) => [op.get, l];
const set = (l: number) => [op.set, l];
const tee = (l: number) => [op.tee, l];

/** scan(row byte address, n, query index i, blocks) → −Σ v·ln v; memory: out = [Σ v·|j − i|, Σ v], bins[b] = block sums. */
function scanBody(): number[] {
  const { ln, inv, exp, out, colTo, bins } = LAYOUT;
  const code: number[] = [
    op.block,
    EMPTY,
    op.loop,
    EMPTY,
    ...get(B),
    ...get(NB),
    op.i32GeS,
    op.brIf,
    1,
    ...get(B),
    ...i32c(2),
    op.i32Shl,
    ...mem(op.i32Load, 2, colTo),
    ...set(END),
    ...f64(0),
    ...set(S),
    op.block,
    EMPTY,
    op.loop,
    EMPTY,
    ...get(J),
    ...get(END),
    op.i32GeS,
    op.brIf,
    1,
    // v = row[j]; s += v; d += v·|j − i|
    ...get(ROW),
    ...get(J),
    ...i32c(2),
    op.i32Shl,
    op.i32Add,
    ...tee(P),
    ...mem(op.f32Load, 2, 0),
    op.f64PromoteF32,
    ...tee(V),
    ...get(S),
    op.f64Add,
    ...set(S),
    ...get(D),
    ...get(V),
    ...get(J),
    ...get(QI),
    op.i32Sub,
    op.f64ConvertI32S,
    op.f64Abs,
    op.f64Mul,
    op.f64Add,
    ...set(D),
    // a positive normal float32: ln from its bits (row-pass.ts lnOfBits)
    ...get(P),
    ...mem(op.i32Load, 2, 0),
    ...tee(U),
    ...i32c(0x00800000),
    op.i32GeS,
    ...get(U),
    ...i32c(0x7f800000),
    op.i32LtS,
    op.i32And,
    op.if,
    EMPTY,
    ...get(U),
    ...i32c(0x7fffff),
    op.i32And,
    ...tee(M),
    ...i32c(13),
    op.i32ShrU,
    ...set(K),
    ...get(M),
    ...i32c(8191),
    op.i32And,
    op.f64ConvertI32U,
    ...f64(2 ** -23),
    op.f64Mul,
    ...get(K),
    ...i32c(3),
    op.i32Shl,
    ...mem(op.f64Load, 3, inv),
    op.f64Mul,
    ...set(R),
    ...get(E),
    ...get(V),
    ...get(U),
    ...i32c(23),
    op.i32ShrU,
    ...i32c(3),
    op.i32Shl,
    ...mem(op.f64Load, 3, exp),
    ...get(K),
    ...i32c(3),
    op.i32Shl,
    ...mem(op.f64Load, 3, ln),
    op.f64Add,
    ...get(R),
    ...f64(1),
    ...get(R),
    ...f64(-0.5),
    ...get(R),
    ...f64(1 / 3),
    op.f64Mul,
    op.f64Add,
    op.f64Mul,
    op.f64Add,
    op.f64Mul,
    op.f64Add,
    op.f64Mul,
    op.f64Sub,
    ...set(E),
    op.else,
    // zero, subnormal, infinite, NaN or negative: Math.log where v > 0, as before
    ...get(V),
    ...f64(0),
    op.f64Gt,
    op.if,
    EMPTY,
    ...get(E),
    ...get(V),
    ...get(V),
    op.call,
    0,
    op.f64Mul,
    op.f64Sub,
    ...set(E),
    op.end,
    op.end,
    ...get(J),
    ...i32c(1),
    op.i32Add,
    ...set(J),
    op.br,
    0,
    op.end,
    op.end,
    // bins[b] = s; total += s; next block
    ...get(B),
    ...i32c(3),
    op.i32Shl,
    ...get(S),
    ...mem(op.f64Store, 3, bins),
    ...get(TOTAL),
    ...get(S),
    op.f64Add,
    ...set(TOTAL),
    ...get(B),
    ...i32c(1),
    op.i32Add,
    ...set(B),
    op.br,
    0,
    op.end,
    op.end,
    ...i32c(0),
    ...get(D),
    ...mem(op.f64Store, 3, out),
    ...i32c(0),
    ...get(TOTAL),
    ...mem(op.f64Store, 3, out + 8),
    ...get(E),
    op.end,
  ];
  const locals = vec([
    [7, I32],
    [6, F64],
  ]);
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The module's bytes: imports m.log (Math.log), exports mem (1 page to start) and scan. */
export function rowScanModule(): Uint8Array {
  const types = section(
    1,
    vec([
      [0x60, ...vec([[F64]]), ...vec([[F64]])],
      [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[F64]])],
    ]),
  );
  const imports = section(2, vec([[...name('m'), ...name('log'), 0x00, 0]]));
  const funcs = section(3, vec([[1]]));
  const memory = section(5, vec([[0x00, 1]]));
  const exports = section(
    7,
    vec([
      [...name('mem'), 0x02, 0],
      [...name('scan'), 0x00, 1],
    ]),
  );
  const code = section(10, [...uleb(1), ...scanBody()]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...memory, ...exports, ...code]);
}

// ---------------------------------------------------------------------------------------------- the kernel
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** An instantiated scan with typed views of its memory (renewed when the memory grows). */
export class RowScanKernel {
  f32!: Float32Array;
  f64!: Float64Array;
  i32!: Int32Array;

  private constructor(
    private readonly memory: WasmMemory,
    readonly scan: (row: number, n: number, i: number, nb: number) => number,
  ) {
    this.views();
  }

  /** null where WebAssembly is missing or refused (a page whose CSP lacks 'wasm-unsafe-eval'). */
  static create(tables: { ln: Float64Array; inv: Float64Array; exp: Float64Array }): RowScanKernel | null {
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!api) return null;
    try {
      const instance = new api.Instance(new api.Module(rowScanModule()), { m: { log: Math.log } });
      const k = new RowScanKernel(instance.exports.mem as WasmMemory, instance.exports.scan as RowScanKernel['scan']);
      k.f64.set(tables.ln, LAYOUT.ln / 8);
      k.f64.set(tables.inv, LAYOUT.inv / 8);
      k.f64.set(tables.exp, LAYOUT.exp / 8);
      return k;
    } catch {
      return null;
    }
  }

  private views(): void {
    this.f32 = new Float32Array(this.memory.buffer);
    this.f64 = new Float64Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Room for an n × n matrix after the tables. */
  reserve(n: number): void {
    const need = LAYOUT.data + n * n * 4;
    const have = this.memory.buffer.byteLength;
    if (need <= have) return;
    this.memory.grow(Math.ceil((need - have) / 65536));
    this.views();
  }
}
