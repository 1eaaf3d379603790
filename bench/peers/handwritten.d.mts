// Types for handwritten.mjs (copied from /work/shared/bench-anchors).
import type { AnchorClaim } from '../convert-claims.js';
import type { AnchorKnowledge } from './gen.mjs';
import type { AnchorHit } from './rules.mjs';
export declare const name: string;
export declare function compile(kb: AnchorKnowledge): (claim: AnchorClaim) => AnchorHit[];
