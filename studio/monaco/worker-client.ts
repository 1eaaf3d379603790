// The main thread's side of the worker protocol: typed calls that resolve with the worker's answer.
import type { Analysis, CompletionEntry, HoverInfo, PackFiles, Request, Response, SymbolInfo } from '../worker/protocol.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class LkWorkerClient {
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<Response>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.value);
      else p.reject(new Error(e.data.error));
    };
  }

  private call<T>(req: DistributiveOmit<Request, 'id'>): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  setWorkspace = (packs: readonly PackFiles[]): Promise<string[]> => this.call({ op: 'setWorkspace', packs });
  updateFile = (path: string, text: string): Promise<null> => this.call({ op: 'updateFile', path, text });
  analyze = (pack: string): Promise<Analysis> => this.call({ op: 'analyze', pack });
  complete = (path: string, offset: number): Promise<CompletionEntry[]> => this.call({ op: 'complete', path, offset });
  hover = (path: string, offset: number): Promise<HoverInfo | null> => this.call({ op: 'hover', path, offset });
  symbols = (path: string): Promise<SymbolInfo[]> => this.call({ op: 'symbols', path });
  format = (path: string): Promise<string | null> => this.call({ op: 'format', path });
  text = (path: string): Promise<string | null> => this.call({ op: 'text', path });
}
