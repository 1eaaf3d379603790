// The Monarch highlighter, generated from the lexer's vocabulary (dsl/lex/tokens.ts) and the enum
// words (dsl/ast/enums.ts): there is no second keyword list to keep in step.
import { hardKeywordWords, keywordWords, operatorSpellings } from '../../dsl/lex/tokens.js';
import { grades, lifecycleStates, scenes, stages, windows, enumWords } from '../../dsl/ast/enums.js';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function monarchLanguage(): Monaco.languages.IMonarchLanguage {
  const hard = new Set(hardKeywordWords);
  const enums = [grades, stages, scenes, windows, lifecycleStates].flatMap((e) => enumWords(e));
  // Longest spelling first so `??` wins over `?`.
  const ops = [...operatorSpellings].sort((a, b) => b.length - a.length).map(escape).join('|');
  return {
    defaultToken: '',
    hardKeywords: [...hard],
    softKeywords: keywordWords.filter((w) => !hard.has(w)),
    enumWords: enums,
    tokenizer: {
      root: [
        [/\/\/.*$/, 'comment'],
        [/"/, { token: 'string.quote', next: '@string' }],
        [/\d{4}-\d{2}-\d{2}(?!\d)/, 'number.date'],
        [/\d+(?:\.\d+)?%?/, 'number'],
        // A member name after `.` is a plain name even when it spells a keyword (`xinzhou.outpatient`).
        [/(\.)([A-Za-z_\u3400-\u9fff\uf900-\ufaff][A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff]*)/, ['delimiter', 'identifier']],
        [
          /[A-Za-z_\u3400-\u9fff\uf900-\ufaff][A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff]*/,
          { cases: { '@hardKeywords': 'keyword', '@softKeywords': 'keyword.soft', '@enumWords': 'type', '@default': 'identifier' } },
        ],
        [/[{}()[\]]/, '@brackets'],
        [new RegExp(ops), 'operator'],
        [/,/, 'delimiter'],
      ],
      string: [
        [/\{\{|\}\}/, 'string.escape'],
        [/\{[^}"]*\}/, 'string.placeholder'],
        [/\\./, 'string.escape'],
        [/[^"\\{]+/, 'string'],
        [/"/, { token: 'string.quote', next: '@pop' }],
        [/./, 'string'],
      ],
    },
  } as Monaco.languages.IMonarchLanguage;
}

export const languageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '//' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  wordPattern: /[A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff]+/,
};
