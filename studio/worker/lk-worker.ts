// The web worker entry: a message loop around the pure LanguageService. Requests are handled one at
// a time, in order, so an `updateFile` is always seen by the `analyze` sent after it.
import { LanguageService } from './service.js';
import type { Request, Response } from './protocol.js';

const svc = new LanguageService();
let queue: Promise<void> = Promise.resolve();

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'setWorkspace':
      svc.setWorkspace(req.packs);
      return svc.labels();
    case 'updateFile':
      svc.updateFile(req.path, req.text);
      return null;
    case 'analyze':
      return svc.analyze(req.pack);
    case 'complete':
      return svc.complete(req.path, req.offset);
    case 'hover':
      return svc.hover(req.path, req.offset);
    case 'symbols':
      return svc.symbols(req.path);
    case 'format':
      return svc.format(req.path);
    case 'text':
      return svc.text(req.path);
  }
}

self.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data;
  queue = queue.then(async () => {
    let res: Response;
    try {
      res = { id: req.id, ok: true, value: await handle(req) };
    } catch (err) {
      res = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    (self as unknown as Worker).postMessage(res);
  });
};
