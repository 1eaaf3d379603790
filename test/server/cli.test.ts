// The registry's commands: token (on the data dir), publish (over HTTP), serve (a real process).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as publishCmd } from '../../cli/commands/publish.js';
import { run as tokenCmd } from '../../cli/commands/token.js';
import { makeArtifact, startRegistry, type Registry } from './helpers.js';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('liangku token', () => {
  let data: string;
  beforeEach(() => {
    data = mkdtempSync(join(tmpdir(), 'liangku-token-'));
  });
  afterEach(() => rmSync(data, { recursive: true, force: true }));

  it('creates (secret shown once), lists without secrets, and revokes', async () => {
    const created = await capture(() => tokenCmd(['create', '--name', 'jinan', '--region', '370100', '--role', 'publisher', '--data', data, '--json']));
    expect(created.code).toBe(0);
    const { id, secret, regionPrefix } = JSON.parse(created.out);
    expect(secret).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
    expect(regionPrefix).toBe('3701');

    const listed = await capture(() => tokenCmd(['list', '--data', data]));
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('active');
    expect(listed.out).not.toContain(secret);

    expect((await capture(() => tokenCmd(['revoke', id, '--data', data]))).code).toBe(0);
    expect((await capture(() => tokenCmd(['list', '--data', data]))).out).toContain('revoked');
    expect((await capture(() => tokenCmd(['revoke', 'tk_missing', '--data', data]))).code).toBe(1);
  });

  it('refuses bad usage with exit 2 and says what is missing', async () => {
    const noRole = await capture(() => tokenCmd(['create', '--name', 'x', '--region', '370100', '--data', data]));
    expect(noRole.code).toBe(2);
    expect(noRole.err).toContain('--role');
    const badRegion = await capture(() => tokenCmd(['create', '--name', 'x', '--region', 'jinan', '--role', 'publisher', '--data', data]));
    expect(badRegion.code).toBe(2);
    expect(badRegion.err).toContain('6-digit');
    expect((await capture(() => tokenCmd(['frobnicate', '--data', data]))).code).toBe(2);
  });
});

describe('liangku publish', () => {
  let reg: Registry;
  let dir: string;
  beforeEach(async () => {
    reg = await startRegistry();
    dir = mkdtempSync(join(tmpdir(), 'liangku-pub-'));
  });
  afterEach(async () => {
    await reg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads an artifact file: 0 when published, 1 with the server message when refused', async () => {
    const token = reg.token('publisher', '370100');
    const file = join(dir, 'pack.json');
    writeFileSync(file, JSON.stringify(makeArtifact({ id: 'jinan.audit', version: '1.0.0', region: '370100' })));
    const ok = await capture(() => publishCmd([file, '--registry', reg.url, '--token', token]));
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('published jinan.audit@1.0.0');

    const again = await capture(() => publishCmd([file, '--registry', reg.url, '--token', token]));
    expect(again.code).toBe(1);
    expect(again.err).toContain('already published');
    expect(again.err).toContain('version_exists');

    const other = join(dir, 'qd.json');
    writeFileSync(other, JSON.stringify(makeArtifact({ id: 'qingdao.audit', version: '1.0.0', region: '370200' })));
    const scoped = await capture(() => publishCmd([other, '--registry', reg.url, '--token', token]));
    expect(scoped.code).toBe(1);
    expect(scoped.err).toContain('370200');
  });

  it('a pack directory is compiled first; when it cannot be, exit 1 pointing at build/check', async () => {
    const packDir = join(dir, 'empty-pack');
    (await import('node:fs')).mkdirSync(packDir);
    const res = await capture(() => publishCmd([packDir, '--registry', reg.url, '--token', reg.token('publisher', '000000')]));
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/liangku (build|check)/);
    expect((await (await fetch(`${reg.url}/api/packs`)).json()).packs).toEqual([]);
  });

  it('usage errors exit 2; an unreachable registry exits 1', async () => {
    const file = join(dir, 'pack.json');
    writeFileSync(file, JSON.stringify(makeArtifact({ id: 'cn.audit', version: '1.0.0' })));
    expect((await capture(() => publishCmd([file, '--token', 't']))).code).toBe(2);
    expect((await capture(() => publishCmd([file, '--registry', reg.url]))).code).toBe(2);
    expect((await capture(() => publishCmd([join(dir, 'missing.json'), '--registry', reg.url, '--token', 't']))).code).toBe(2);
    writeFileSync(join(dir, 'bad.json'), 'not json');
    expect((await capture(() => publishCmd([join(dir, 'bad.json'), '--registry', reg.url, '--token', 't']))).code).toBe(2);
    const down = await capture(() => publishCmd([file, '--registry', 'http://127.0.0.1:1', '--token', 't']));
    expect(down.code).toBe(1);
    expect(down.err).toContain('cannot reach');
  });
});

describe('liangku serve', () => {
  it('prints its URL and serves the registry until stopped', async () => {
    const data = mkdtempSync(join(tmpdir(), 'liangku-serve-'));
    const child = spawn(process.execPath, ['bin/liangku.mjs', 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b) => {
          out += String(b);
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const res = await fetch(`${url}/api/packs`);
      expect(await res.json()).toEqual({ packs: [] });
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    }
  });
});
