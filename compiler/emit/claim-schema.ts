// The request JSON Schema in force for one pack: the platform's claim schema plus every `input`
// the pack's layers declare (optional fields, typed like the claim's own leaves).
import { AuditRequest } from '../../runtime/schema/claim.js';
import type { IrInput } from '../../runtime/artifact/ir.js';

type Json = Record<string, unknown>;

const leafSchema = (input: IrInput): Json => {
  const base = input.type.replace(/\?$/, '');
  const nul = { type: 'null' };
  const byDomain: Record<string, Json> = {
    dec: { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }, nul] },
    int: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?\\d+$' }, nul] },
    bool: { anyOf: [{ type: 'boolean' }, { type: 'string' }, nul] },
    date: { anyOf: [{ type: 'string' }, nul] },
    datetime: { anyOf: [{ type: 'string' }, nul] },
  };
  const s = base.startsWith('set<') || base.startsWith('list<') ? { anyOf: [{ type: 'array' }, { type: 'string' }, nul] } : (byDomain[input.d] ?? { anyOf: [{ type: 'string' }, { type: 'number' }, nul] });
  return { ...s, title: input.title, lk: base };
};

export function claimSchemaFor(inputs: readonly IrInput[]): Json {
  const schema = JSON.parse(JSON.stringify(AuditRequest)) as Json;
  for (const input of inputs) {
    const [root, ...rest] = input.path;
    const targets: Json[] = [];
    const props = schema['properties'] as Record<string, Json>;
    if (root === 'encounter') {
      targets.push(props['encounter']!);
      const hist = props['history'] as Json | undefined;
      if (hist) targets.push(hist['items'] as Json);
    } else if (root === 'patient') targets.push(props['patient']!);
    for (const t of targets) {
      let node = t;
      for (const seg of rest.slice(0, -1)) {
        const p = (node['properties'] as Record<string, Json>)[seg];
        if (!p) break;
        node = (p['type'] === 'array' ? p['items'] : p) as Json;
      }
      const nodeProps = (node['properties'] ??= {}) as Record<string, Json>;
      nodeProps[rest[rest.length - 1]!] = leafSchema(input);
    }
  }
  return schema;
}
