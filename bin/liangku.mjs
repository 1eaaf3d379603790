#!/usr/bin/env node
// The `liangku` command. Runs the CLI from its TypeScript source through tsx, so a fresh clone
// needs no build step (`npm install` is enough).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
