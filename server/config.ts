// The one reader of process.env. Every setting is documented in .env.example.
import path from 'node:path';
import { z } from 'zod';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).default('data/portal.sqlite'),
  DATA_DIR: z.string().min(1).default('data'),
  MAIL_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'MAIL_URL must start with smtp:// or smtps://')
    .optional(),
  /** An address, or "Name <address>"; without a name, mail is signed with the portal's name in the recipient's language. */
  MAIL_FROM: z.string().min(3).default('portal@localhost'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('en'),
  TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'TIME_ZONE must be an IANA time zone such as Asia/Shanghai'),
  COOKIE_SECRET: z.string().min(32, 'COOKIE_SECRET must be at least 32 characters').optional(),
  TRUST_PROXY: booleanFlag.default(false),
  /** The scheduled jobs inside the portal (overdue reminders, closing rounds at their time); off when cron runs `npm run remind` instead. */
  JOBS_IN_PROCESS: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The Ed25519 private key that signs the audit log's checkpoints: PEM (PKCS#8; `\n` for line breaks) or its base64 DER. */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  /** Or a file holding it (PEM); created on first start when neither is set. */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  readonly env: RawConfig['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly baseUrl: string;
  /** A file path for SQLite (relative to the working directory), or a postgres:// URL. */
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly outboxDir: string;
  readonly mailUrl: string | undefined;
  readonly mailFrom: string;
  readonly defaultLocale: Locale;
  readonly timeZone: string;
  readonly cookieSecret: string | undefined;
  readonly trustProxy: boolean;
  readonly jobsInProcess: boolean;
  readonly logLevel: RawConfig['LOG_LEVEL'];
  /** The audit checkpoints' signing key as given in the environment, if it is. */
  readonly auditSigningKey: string | undefined;
  /** Where the signing key is read from otherwise (and written on first start). */
  readonly auditSigningKeyFile: string;
}

export class ConfigError extends Error {}

/**
 * The address the portal is reached at when BASE_URL is not set: where it listens. Listening on
 * loopback or on every interface, that is this machine, localhost; otherwise the host itself.
 */
export function defaultBaseUrl(host: string, port: number): string {
  const local = ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1', '[::]', '[::1]'];
  const name = local.includes(host) ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in a .env file mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return Object.freeze({
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    baseUrl: (c.BASE_URL ?? defaultBaseUrl(c.HOST, c.PORT)).replace(/\/+$/, ''),
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    outboxDir: path.join(c.DATA_DIR, 'outbox'),
    mailUrl: c.MAIL_URL,
    mailFrom: c.MAIL_FROM,
    defaultLocale: c.DEFAULT_LOCALE,
    timeZone: c.TIME_ZONE,
    cookieSecret: c.COOKIE_SECRET,
    trustProxy: c.TRUST_PROXY,
    jobsInProcess: c.JOBS_IN_PROCESS,
    logLevel: c.LOG_LEVEL,
    auditSigningKey: c.AUDIT_SIGNING_KEY,
    auditSigningKeyFile: c.AUDIT_SIGNING_KEY_FILE ?? path.join(c.DATA_DIR, 'audit-signing-key.pem'),
  });
}
