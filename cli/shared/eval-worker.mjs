// Worker entry for `liangku eval --workers N`: register tsx (as bin/liangku.mjs does), then run the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./eval-worker.ts');
