// Diagnostic codes of the "artifact" phase: emitting the signed JSON artifact.
import type { CatalogueEntry } from './entry.js';

export const artifactCodes: readonly CatalogueEntry[] = [
  {
    code: 'artifact/invalid',
    severity: 'error',
    title: { zh: '生成的制品未通过模式校验', en: 'the emitted artifact fails its schema' },
    help: { zh: '这是编译器缺陷，不是规则包的错误；请附上规则包报告问题', en: 'this is a compiler bug, not a mistake in the pack; please report it with the pack attached' },
    exampleNote:
      'Cannot come from source text: the compiler validates its own output against the runtime artifact schema (ajv) and reports this only when the emitter and the schema disagree — a compiler bug. / 不会由源文本触发：编译器用运行时的制品模式校验自己的输出，只有编译器与模式不一致（编译器缺陷）时才报告。',
  },
];
