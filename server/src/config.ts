import { z } from 'zod';
import path from 'node:path';
import { parseFieldKey } from './platform/crypto.js';

// Every variable is documented in .env.example; parsing happens once, at start-up.
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MESHWORK_DEMO: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  MESHWORK_FIELD_KEY: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  demo: boolean;
  trustProxy: boolean;
  session: { idleMinutes: number; maxHours: number };
  login: { maxFailures: number; lockMinutes: number };
  /** argon2id cost; tests lower it so that suites with many accounts stay fast. */
  passwordHash: { memoryCost: number; timeCost: number };
  webDist?: string;
  /**
   * 64 bytes encrypting sensitive fields (ID numbers) at rest, from MESHWORK_FIELD_KEY; when unset,
   * main.ts's resolveFieldKey supplies one (PGlite keeps it in DATA_DIR/field.key).
   */
  fieldKey?: Buffer;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = schema.parse(env);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    demo: e.MESHWORK_DEMO,
    trustProxy: e.TRUST_PROXY,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES },
    // OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
    passwordHash: { memoryCost: 19456, timeCost: 2 },
    ...(e.MESHWORK_FIELD_KEY ? { fieldKey: parseFieldKey(e.MESHWORK_FIELD_KEY) } : {}),
    ...overrides,
  };
}
