// A rule's pipeline run by the reference interpreter.
import type { IrRule } from '../artifact/ir.js';
import type { Step } from '../artifact/ir-node.js';
import type { RuleCode } from './rule-code.js';
import { runSteps } from './interpret.js';

export function interpretRule(r: IrRule): RuleCode {
  const steps = r.steps as Step[];
  return {
    run(ctx, emit) {
      runSteps(steps, ctx, new Array(r.vars.length), (vars) => emit([...vars]));
    },
  };
}
