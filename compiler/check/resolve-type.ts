// Type references as written (`money`, `set<code>?`) → checker types.
import type * as A from '../../dsl/ast/nodes.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import { closest } from '../../dsl/diagnostics/did-you-mean.js';
import { ERROR, prim, type Prim, type Ty } from './types.js';

export const PRIM_TYPES: readonly Prim[] = ['code', 'text', 'int', 'decimal', 'money', 'days', 'date', 'datetime', 'gender', 'bool'];
export const TYPE_WORDS: readonly string[] = [...PRIM_TYPES, 'set', 'list'];

export function resolveType(t: A.TypeRef, file: string, out: Diagnostic[]): Ty {
  const name = t.name.text;
  if (t.kind === 'GenericType') {
    if ((name === 'set' || name === 'list') && t.args.length === 1) {
      const el = resolveType(t.args[0]!, file, out);
      return el.k === 'error' ? ERROR : { k: name, el, opt: t.optional };
    }
    out.push(unknownType(t, file, name === 'set' || name === 'list' ? `${name}<…> 需要一个元素类型` : null));
    return ERROR;
  }
  if ((PRIM_TYPES as readonly string[]).includes(name)) return prim(name as Prim, t.optional);
  if (name === 'icd') return prim('code', t.optional); // the sketch's spelling of a diagnosis code
  out.push(unknownType(t, file, null));
  return ERROR;
}

function unknownType(t: A.TypeRef, file: string, why: string | null): Diagnostic {
  const guess = closest(t.name.text, TYPE_WORDS);
  return {
    code: 'check/unknown-type',
    severity: 'error',
    file,
    span: t.name.span,
    message: {
      zh: why ?? `未知的类型 \`${t.name.text}\`；可用：${TYPE_WORDS.join('、')}`,
      en: why ? `${t.name.text}<…> takes one element type` : `unknown type \`${t.name.text}\`; use one of ${TYPE_WORDS.join(', ')}`,
    },
    ...(guess ? { fixes: [{ title: { zh: `改为 \`${guess}\``, en: `change to \`${guess}\`` }, edits: [{ span: t.name.span, text: guess }] }] } : {}),
  };
}
