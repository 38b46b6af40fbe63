// Byte accounting for a download of several files at once, with throttled progress events.
// Pure: the clock is injected, so tests drive it by hand.

export interface DownloadProgress {
  /** The file the latest bytes belong to ("onnx/model_quantized.onnx"). */
  file: string;
  /** Bytes of that file so far, and its size (null when the server sent no content-length). */
  fileLoaded: number;
  fileTotal: number | null;
  /** Bytes of the whole download (every file) so far. */
  loaded: number;
  /** Size of the whole download: the sum of the known content-lengths. */
  total: number;
  /** 0–100 for the whole download; null while a size is unknown. Reaches 100 only when every file is complete. */
  percent: number | null;
  /** Every file is complete. */
  done: boolean;
  /** Bytes that were already stored by an interrupted download (counted in `loaded`, not received now). */
  resumed: number;
}

interface FileState {
  loaded: number;
  total: number | null;
  complete: boolean;
}

export class ProgressTracker {
  private readonly files = new Map<string, FileState>();
  private lastEmit = -Infinity;
  private lastFile = '';
  private resumed = 0;

  constructor(
    files: ReadonlyArray<{ file: string; total: number | null }>,
    private readonly emit: (p: DownloadProgress) => void,
    private readonly options: { intervalMs?: number; now?: () => number } = {},
  ) {
    for (const f of files) this.files.set(f.file, { loaded: 0, total: f.total, complete: false });
    this.lastFile = files[0]?.file ?? '';
  }

  /** Records `bytes` more of `file`; emits at most once per interval (and always for the first chunk). */
  add(file: string, bytes: number): void {
    const f = this.files.get(file);
    if (!f) throw new Error(`unknown file ${file}`);
    f.loaded += bytes;
    this.lastFile = file;
    const now = (this.options.now ?? (() => performance.now()))();
    if (now - this.lastEmit >= (this.options.intervalMs ?? 100)) {
      this.lastEmit = now;
      this.emit(this.snapshot(file));
    }
  }

  /** Counts `bytes` of `file` as already there (a resumed download), without an event. */
  resume(file: string, bytes: number): void {
    const f = this.files.get(file);
    if (!f) throw new Error(`unknown file ${file}`);
    f.loaded += bytes;
    this.resumed += bytes;
  }

  /** Marks `file` complete (its total becomes what arrived) and emits. */
  complete(file: string): void {
    const f = this.files.get(file);
    if (!f) throw new Error(`unknown file ${file}`);
    f.complete = true;
    f.total = f.loaded;
    this.lastFile = file;
    this.emit(this.snapshot(file));
  }

  snapshot(file = this.lastFile): DownloadProgress {
    let loaded = 0;
    let total = 0;
    let unknown = false;
    let done = true;
    for (const f of this.files.values()) {
      loaded += f.loaded;
      // A compressed transfer may deliver more than content-length: count what arrived.
      total += f.total === null ? f.loaded : Math.max(f.total, f.loaded);
      if (f.total === null && !f.complete) unknown = true;
      if (!f.complete) done = false;
    }
    const f = this.files.get(file);
    let percent: number | null = null;
    if (done) percent = 100;
    else if (!unknown && total > 0) percent = Math.min(99.9, Math.round((loaded / total) * 1000) / 10);
    return { file, fileLoaded: f?.loaded ?? 0, fileTotal: f?.total ?? null, loaded, total, percent, done, resumed: this.resumed };
  }
}
