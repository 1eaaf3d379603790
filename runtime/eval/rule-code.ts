// The executable form of a rule's pipeline, whichever engine made it (interpreter or generated code).
import type { RunCtx } from './context.js';

export type Emit = (vars: unknown[]) => void;

export interface RuleCode {
  /** Run the rule's steps; call emit with a snapshot of the variables for each binding that reaches the end. */
  run(ctx: RunCtx, emit: Emit): void;
}

/** Rules whose first step is `for X in encounter.feedetail`, run in one shared pass over the lines. */
export interface FusedPass {
  readonly indexes: readonly number[]; // rule indexes, in rule order
  run(ctx: RunCtx, on: readonly boolean[], emit: (k: number, vars: unknown[]) => void): void; // k = position in indexes
}

export interface CompiledRules {
  readonly rules: readonly RuleCode[];
  readonly fused: FusedPass | null;
}
