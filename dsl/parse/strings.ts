import { scanString, skipEscape } from '../lex/tokens.js';
// String literal bodies: unescaping, and splitting template strings into text and `{expr}` parts.
// Offsets are kept so every part (and every error) points at its exact place in the file.

export interface StringProblem {
  readonly start: number;
  readonly end: number;
  readonly what: 'bad-escape' | 'unclosed-placeholder' | 'stray-brace' | 'empty-placeholder';
}

export interface RawPart {
  readonly kind: 'text' | 'expr';
  readonly text: string; // unescaped text, or the raw expression source
  readonly start: number;
  readonly end: number;
}

/** Unescape `\" \\ \n \t \u{…}`; `base` is the offset of `raw[0]` in the file. */
export function unescape(raw: string, base: number, problems: StringProblem[]): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[i + 1];
    if (n === '"' || n === '\\') out += n;
    else if (n === 'n') out += '\n';
    else if (n === 't') out += '\t';
    else if (n === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      const hex = close > 0 ? raw.slice(i + 3, close) : '';
      const cp = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(cp) || cp > 0x10ffff) {
        problems.push({ start: base + i, end: base + (close > 0 ? close + 1 : i + 2), what: 'bad-escape' });
      } else {
        out += String.fromCodePoint(cp);
        i = close;
        continue;
      }
      i = close > 0 ? close : i + 1;
      continue;
    } else problems.push({ start: base + i, end: base + i + 2, what: 'bad-escape' });
    i++;
  }
  return out;
}

/** Does this string body contain a placeholder (a `{` that is not `{{`)? */
export function hasPlaceholder(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i = skipEscape(raw, i) - 1;
    else if (raw[i] === '{') {
      if (raw[i + 1] === '{') i++;
      else return true;
    }
  }
  return false;
}

/** Split a template body into text and placeholder parts. `{{`/`}}` are literal braces. */
export function splitTemplate(raw: string, base: number, problems: StringProblem[]): RawPart[] {
  const parts: RawPart[] = [];
  let textStart = 0;
  let text = '';
  const flush = (end: number) => {
    if (text.length > 0) parts.push({ kind: 'text', text: unescape(text, base + textStart, problems), start: base + textStart, end: base + end });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (text.length === 0 && !(c === '{' && raw[i + 1] !== '{')) textStart = i;
    if (c === '\\') {
      const end = skipEscape(raw, i);
      text += raw.slice(i, end);
      i = end - 1;
    } else if (c === '{' && raw[i + 1] === '{') {
      text += '{';
      i++;
    } else if (c === '}' && raw[i + 1] === '}') {
      text += '}';
      i++;
    } else if (c === '}') {
      problems.push({ start: base + i, end: base + i + 1, what: 'stray-brace' });
      text += c;
    } else if (c === '{') {
      flush(i);
      let depth = 1;
      let j = i + 1;
      for (; j < raw.length && depth > 0; j++) {
        if (raw[j] === '"') {
          // a string literal inside the placeholder: skip to its end
          const end = scanString(raw, j);
          if (end < 0) break;
          j = end - 1;
        } else if (raw[j] === '{') depth++;
        else if (raw[j] === '}') depth--;
      }
      if (depth > 0) {
        problems.push({ start: base + i, end: base + raw.length, what: 'unclosed-placeholder' });
        textStart = raw.length;
        i = raw.length;
        break;
      }
      const src = raw.slice(i + 1, j - 1);
      if (src.trim() === '') problems.push({ start: base + i, end: base + j, what: 'empty-placeholder' });
      else parts.push({ kind: 'expr', text: src, start: base + i + 1, end: base + j - 1 });
      i = j - 1;
      textStart = j;
    } else {
      text += c;
    }
  }
  flush(raw.length);
  return parts;
}
