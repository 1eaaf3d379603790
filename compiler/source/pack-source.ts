// Where a pack's files come from: a directory (CLI, server), memory (studio, tests) or a registry.
// The compiler core only sees this interface, so it stays free of `node:*` imports.

export interface PackSource {
  /** How paths are shown to users (e.g. "rulepacks/jinan"); diagnostics use `${label}/${path}`. */
  readonly label: string;
  /** Every file of the pack, relative paths with `/`. */
  list(): Promise<readonly string[]>;
  readText(path: string): Promise<string | null>;
  readBytes(path: string): Promise<Uint8Array | null>;
}

/** A pack held in memory: path → text (or bytes). */
export function memorySource(label: string, files: Readonly<Record<string, string | Uint8Array>>): PackSource {
  return {
    label,
    list: async () => Object.keys(files).sort(),
    readText: async (p) => {
      const f = files[p];
      return f === undefined ? null : typeof f === 'string' ? f : new TextDecoder().decode(f);
    },
    readBytes: async (p) => {
      const f = files[p];
      return f === undefined ? null : typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
  };
}

/** Finds a base pack by id and version range (e.g. `nhsa.audit`, `^1.0`). */
export type ResolveBase = (id: string, range: string) => Promise<PackSource | null>;

export const joinPath = (label: string, path: string): string => (label ? `${label.replace(/\/$/, '')}/${path}` : path);
