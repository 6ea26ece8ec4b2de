import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const FIELD_KEY_BYTES = 64;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encryption of sensitive fields at rest (the ID number). AES-256-GCM with a random 12-byte IV,
 * stored as iv | tag | ciphertext; an HMAC-SHA256 under a separate key finds a value without
 * decrypting (equality lookups, uniqueness). The 64-byte key is 32 bytes for each.
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== FIELD_KEY_BYTES) throw new Error(`field key must be ${FIELD_KEY_BYTES} bytes, got ${key.length}`);
    this.encKey = Buffer.from(key.subarray(0, 32));
    this.macKey = Buffer.from(key.subarray(32, 64));
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the stored value was altered or encrypted under another key. */
  decrypt(stored: Uint8Array): string {
    const data = Buffer.from(stored);
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Deterministic: the same value always gives the same hex digest. */
  hmac(plain: string): string {
    return createHmac('sha256', this.macKey).update(plain, 'utf8').digest('hex');
  }
}

/** MESHWORK_FIELD_KEY: base64 of 64 bytes. */
export function parseFieldKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== FIELD_KEY_BYTES) throw new Error(`MESHWORK_FIELD_KEY must be the base64 of ${FIELD_KEY_BYTES} random bytes (got ${key.length} bytes)`);
  return key;
}

export function generateFieldKey(): Buffer {
  return randomBytes(FIELD_KEY_BYTES);
}
