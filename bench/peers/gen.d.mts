// Types for gen.mjs (copied from /work/shared/bench-anchors).
import type { AnchorClaim } from '../convert-claims.js';
import type { AnchorKb } from '../pack-files.js';

export interface AnchorParams {
  readonly acuteRxDays: number;
  readonly chronicRxDays: number;
  readonly chronicDiagnoses: readonly string[];
  readonly amountTolerance: number;
  readonly lowAdmissionMaxLos: number;
  readonly lowAdmissionMinTotal: number;
  readonly outpatientTotalMax: number;
}
export type AnchorKnowledge = AnchorKb & { params: AnchorParams };
export declare const PARAMS: AnchorParams;
export declare function mulberry32(seed: number): () => number;
export declare function dayToIso(day: number): string;
export declare function makeKnowledge(seed?: number): { items: unknown; kb: AnchorKnowledge };
export declare function generate(opts?: { claims?: number; seed?: number; kbSeed?: number }): { claims: AnchorClaim[]; kb: AnchorKnowledge };
