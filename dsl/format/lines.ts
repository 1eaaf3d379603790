// The formatter prints into a list of lines rather than a string so that comments can be placed
// afterwards: each line remembers the source offset of the node it starts with (`anchor`), and a
// comment goes before the first line whose node starts after it, or after the line it trails.

export interface Line {
  /** Nesting depth; one level = two spaces. */
  readonly depth: number;
  readonly text: string;
  /** Source offset of the node this line starts with; -1 when the line has no node of its own. */
  readonly anchor: number;
  /** A closing `}`: comments placed before it belong to the block's inside, one level deeper. */
  readonly closes?: boolean;
  /** An empty separator line between declarations. */
  readonly blank?: boolean;
}

export class LineSink {
  readonly lines: Line[] = [];

  add(depth: number, text: string, anchor: number, closes = false): void {
    this.lines.push({ depth, text, anchor, closes });
  }

  blank(): void {
    this.lines.push({ depth: 0, text: '', anchor: -1, blank: true });
  }
}
