// Thin adapters: the worker's plain answers (offsets, zh/en text) → Monaco markers, completion items,
// hovers, symbols, formatting edits and quick fixes. No language knowledge lives here.
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type { Diagnostic } from '../../dsl/diagnostics/diagnostic.js';
import type { CompletionKind, SymbolInfo } from '../worker/protocol.js';
import type { LkWorkerClient } from './worker-client.js';

export const LANGUAGE_ID = 'liangku';
export const MARKER_OWNER = 'liangku';
type M = typeof Monaco;

/** File path of a model: `file:///rulepacks/shanxi/pack.lk` → `rulepacks/shanxi/pack.lk`. */
export const pathOfModel = (model: Monaco.editor.ITextModel): string => decodeURIComponent(model.uri.path.replace(/^\//, ''));
export const uriOfPath = (monaco: M, path: string): Monaco.Uri => monaco.Uri.from({ scheme: 'file', path: `/${path}` });

const rangeOf = (monaco: M, model: Monaco.editor.ITextModel, span: { start: number; end: number }): Monaco.Range => {
  const a = model.getPositionAt(span.start);
  const b = model.getPositionAt(Math.max(span.end, span.start));
  return new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
};

/** Diagnostics last shown per model, so quick fixes can find the fixes behind a marker. */
const shown = new Map<string, readonly Diagnostic[]>();
let locale: 'zh' | 'en' = 'zh';
export const setAdapterLocale = (l: 'zh' | 'en'): void => void (locale = l);

export function applyMarkers(monaco: M, model: Monaco.editor.ITextModel, diagnostics: readonly Diagnostic[]): void {
  const path = pathOfModel(model);
  const mine = diagnostics.filter((d) => d.file === path);
  shown.set(model.uri.toString(), mine);
  const sev = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    mine.map((d) => {
      const r = rangeOf(monaco, model, d.span.end > d.span.start ? d.span : { start: d.span.start, end: d.span.start + 1 });
      const help = d.help ? `\n${d.help[locale]}` : '';
      const fix = d.fixes?.length ? `\n${locale === 'zh' ? '建议' : 'fix'}: ${d.fixes.map((f) => f.title[locale]).join(' / ')}` : '';
      return {
        severity: sev[d.severity],
        message: `${d.message[locale]}${help}${fix}`,
        code: d.code,
        source: 'liangku',
        startLineNumber: r.startLineNumber,
        startColumn: r.startColumn,
        endLineNumber: r.endLineNumber,
        endColumn: r.endColumn,
      };
    }),
  );
}

const KIND: Record<CompletionKind, keyof typeof Monaco.languages.CompletionItemKind> = {
  field: 'Field', param: 'Constant', table: 'Struct', column: 'Field', value: 'Variable', rule: 'Reference', keyword: 'Keyword',
  function: 'Function', root: 'Module', enum: 'EnumMember', variable: 'Variable', scenario: 'Event',
};
const SYMBOL: Record<SymbolInfo['kind'], keyof typeof Monaco.languages.SymbolKind> = {
  pack: 'Package', input: 'Field', knowledge: 'Struct', param: 'Constant', indicator: 'Variable', rule: 'Function', compute: 'Method',
  scenario: 'Event', test: 'Boolean', change: 'Operator', other: 'Object',
};

/** Register every provider once for the language; each asks the worker. */
export function registerProviders(monaco: M, client: LkWorkerClient): Monaco.IDisposable[] {
  const L = monaco.languages;
  return [
    L.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: ['.'],
      async provideCompletionItems(model, position) {
        const offset = model.getOffsetAt(position);
        const entries = await client.complete(pathOfModel(model), offset);
        return {
          suggestions: entries.map((e) => ({
            label: { label: e.label, description: e.detail },
            kind: L.CompletionItemKind[KIND[e.kind]],
            detail: e.detail,
            documentation: e.doc ? { value: e.doc } : undefined,
            insertText: e.insert ?? e.label,
            filterText: e.label,
            sortText: `${e.sort ?? '9'}${e.label}`,
            range: rangeOf(monaco, model, e.span),
          })),
        };
      },
    }),
    L.registerHoverProvider(LANGUAGE_ID, {
      async provideHover(model, position) {
        const h = await client.hover(pathOfModel(model), model.getOffsetAt(position));
        return h ? { range: rangeOf(monaco, model, h.span), contents: h.markdown.map((value) => ({ value })) } : null;
      },
    }),
    L.registerDocumentSymbolProvider(LANGUAGE_ID, {
      async provideDocumentSymbols(model) {
        const syms = await client.symbols(pathOfModel(model));
        return syms.map((s) => ({
          name: s.name,
          detail: s.detail,
          kind: L.SymbolKind[SYMBOL[s.kind]],
          tags: [],
          range: rangeOf(monaco, model, s.span),
          selectionRange: rangeOf(monaco, model, s.selection),
        }));
      },
    }),
    L.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
      async provideDocumentFormattingEdits(model) {
        await client.updateFile(pathOfModel(model), model.getValue());
        const text = await client.format(pathOfModel(model));
        if (text === null || text === model.getValue()) return [];
        return [{ range: model.getFullModelRange(), text }];
      },
    }),
    L.registerCodeActionProvider(LANGUAGE_ID, {
      provideCodeActions(model, _range, context) {
        const ds = shown.get(model.uri.toString()) ?? [];
        const actions: Monaco.languages.CodeAction[] = [];
        for (const marker of context.markers) {
          if (marker.source !== MARKER_OWNER) continue;
          const start = model.getOffsetAt({ lineNumber: marker.startLineNumber, column: marker.startColumn });
          for (const d of ds) {
            if (d.code !== marker.code || d.span.start !== start) continue;
            for (const [i, f] of (d.fixes ?? []).entries()) {
              actions.push({
                title: f.title[locale],
                kind: 'quickfix',
                diagnostics: [marker],
                isPreferred: i === 0,
                edit: {
                  edits: f.edits.map((e) => ({ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: rangeOf(monaco, model, e.span), text: e.text } })),
                },
              });
            }
          }
        }
        return { actions, dispose() {} };
      },
    }),
  ];
}
