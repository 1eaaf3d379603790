// The common base of the panels that talk to the registry (run, knowledge, diff, governance): which
// registry, which locale, whether a server answered, and which published pack/version is current.
// Lit merges a subclass's `static properties` with these.
import { LitElement } from 'lit';
import type { Locale } from '../i18n.js';

export class ServerPanel extends LitElement {
  static override properties = {
    registry: { type: String },
    locale: { type: String },
    server: { attribute: false },
    packId: { attribute: false },
    version: { attribute: false },
  };

  declare registry: string;
  declare locale: Locale;
  declare server: boolean | null;
  declare packId: string | null;
  declare version: string | null;

  constructor() {
    super();
    this.registry = '';
    this.locale = 'zh';
    this.server = null;
    this.packId = null;
    this.version = null;
  }
}
