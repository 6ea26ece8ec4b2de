import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { resolveFieldKey } from '../main.js';
import { FieldCipher, generateFieldKey, parseFieldKey } from './crypto.js';

describe('FieldCipher', () => {
  const cipher = new FieldCipher(generateFieldKey());

  it('round-trips a value, with a fresh IV each time', () => {
    const a = cipher.encrypt('11010519491231002X');
    const b = cipher.encrypt('11010519491231002X');
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(12 + 16 + 18);
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
    expect(cipher.decrypt(new Uint8Array(b))).toBe('11010519491231002X');
    expect(a.toString('latin1')).not.toContain('110105');
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const stored = cipher.encrypt('11010519491231002X');
    for (const at of [0, 12, 20, stored.length - 1]) {
      const bad = Buffer.from(stored);
      bad[at]! ^= 1;
      expect(() => cipher.decrypt(bad)).toThrow();
    }
    expect(() => cipher.decrypt(stored.subarray(0, 20))).toThrow();
  });

  it('refuses a ciphertext made under another key', () => {
    const other = new FieldCipher(generateFieldKey());
    expect(() => other.decrypt(cipher.encrypt('x'))).toThrow();
  });

  it('hmacs deterministically, keyed', () => {
    expect(cipher.hmac('11010519491231002X')).toBe(cipher.hmac('11010519491231002X'));
    expect(cipher.hmac('11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
    expect(new FieldCipher(generateFieldKey()).hmac('11010519491231002X')).not.toBe(cipher.hmac('11010519491231002X'));
  });

  it('takes a 64-byte key as base64 and nothing else', () => {
    const key = generateFieldKey();
    expect(parseFieldKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseFieldKey(Buffer.alloc(32).toString('base64'))).toThrow(/64/);
    expect(() => new FieldCipher(Buffer.alloc(10))).toThrow();
  });
});

describe('resolveFieldKey', () => {
  const base = () => loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);

  it('keeps a generated key in DATA_DIR/field.key (0600) for PGlite, and reuses it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshwork-key-'));
    try {
      const config = { ...base(), dataDir: dir };
      const first = await resolveFieldKey(config);
      expect(first.length).toBe(64);
      expect((await stat(path.join(dir, 'field.key'))).mode & 0o777).toBe(0o600);
      expect((await resolveFieldKey(config)).equals(first)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prefers MESHWORK_FIELD_KEY, refuses PostgreSQL without it, allows a throwaway key in memory or demo', async () => {
    const key = generateFieldKey();
    const fromEnv = loadConfig({ LOG_LEVEL: 'silent', MESHWORK_FIELD_KEY: key.toString('base64') } as NodeJS.ProcessEnv);
    expect((await resolveFieldKey(fromEnv)).equals(key)).toBe(true);
    expect(() => loadConfig({ MESHWORK_FIELD_KEY: 'c2hvcnQ=' } as NodeJS.ProcessEnv)).toThrow(/64/);
    const pg = { ...base(), databaseUrl: 'postgres://x@127.0.0.1/none' };
    await expect(resolveFieldKey(pg)).rejects.toThrow(/MESHWORK_FIELD_KEY/);
    expect((await resolveFieldKey({ ...pg, demo: true })).length).toBe(64);
    expect((await resolveFieldKey(base(), true)).length).toBe(64);
  });
});
