// A DevTools-protocol session with a child node process started with `--inspect=127.0.0.1:0`: the
// memory bench forces a full GC, reads the V8 heap and takes heap snapshots through it, so the
// service runs exactly as in the image (no --expose-gc, no code of ours inside it).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { message: string };
}

/** The `ws://…` address a process started with --inspect prints on stderr (waits for it). */
export function inspectorUrlOf(p: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const url = /Debugger listening on (ws:\/\/\S+)/.exec(seen)?.[1];
      if (url) done(undefined, url);
    };
    const onExit = (): void => done(new Error(`the process exited before its inspector listened: ${seen}`));
    const timer = setTimeout(() => done(new Error(`no inspector address within ${timeoutMs} ms`)), timeoutMs);
    const done = (err: Error | undefined, url?: string): void => {
      clearTimeout(timer);
      p.stderr?.off('data', onData);
      p.off('exit', onExit);
      if (err) reject(err);
      else resolve(url!);
    };
    p.stderr?.on('data', onData);
    p.once('exit', onExit);
  });
}

export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, (params: Record<string, unknown>) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (e: MessageEvent) => {
      const msg = JSON.parse(String(e.data)) as Reply;
      if (msg.id !== undefined) {
        const call = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) call?.reject(new Error(msg.error.message));
        else call?.resolve(msg.result);
      } else if (msg.method) this.listeners.get(msg.method)?.(msg.params ?? {});
    });
    ws.addEventListener('close', () => {
      for (const call of this.pending.values()) call.reject(new Error('inspector session closed'));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<InspectorSession> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => resolve(new InspectorSession(ws)), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot open the inspector at ${url}`)), {
        once: true,
      });
    });
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The value of `expression` evaluated in the process (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      { expression, returnByValue: true },
    );
    if (r.exceptionDetails) throw new Error(`evaluating ${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** A full, compacting GC (what the DevTools "collect garbage" button does). */
  async collectGarbage(): Promise<void> {
    await this.send('HeapProfiler.collectGarbage');
  }

  /** Writes a heap snapshot of the process to `file` (the .heapsnapshot JSON DevTools opens). */
  async takeHeapSnapshot(file: string): Promise<void> {
    const out = createWriteStream(file);
    this.listeners.set('HeapProfiler.addHeapSnapshotChunk', (p) => out.write(String(p.chunk)));
    try {
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
    } finally {
      this.listeners.delete('HeapProfiler.addHeapSnapshotChunk');
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    }
  }

  close(): void {
    this.ws.close();
  }
}
