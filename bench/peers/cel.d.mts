// Types for cel.mjs (copied from /work/shared/bench-anchors).
import type { AnchorClaim } from '../convert-claims.js';
import type { AnchorKnowledge, AnchorParams } from './gen.mjs';
import type { AnchorHit } from './rules.mjs';
export declare const name: string;
export declare function expressions(p: AnchorParams): Record<string, string>;
export declare function makeEnv(kb: AnchorKnowledge): unknown;
export declare function compile(kb: AnchorKnowledge): (claim: AnchorClaim) => AnchorHit[];
