// The formatter's public surface: `format(file, text)` prints a parsed file in canonical layout.
export { format } from './format.js';
export { printExpr, printTemplate, quoteString, escapeText, Prec } from './print-expr.js';
