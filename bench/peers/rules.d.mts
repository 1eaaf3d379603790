// Types for rules.mjs (copied from /work/shared/bench-anchors).
export interface AnchorHit { rule: string; claimId: string; lines: number[]; amount: number }
export declare const RULES: [string, string][];
export declare const RULE_IDS: string[];
export declare const round2: (x: number) => number;
export declare function hitKey(h: AnchorHit): string;
