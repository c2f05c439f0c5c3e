import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('configuration', () => {
  it('has working defaults, so the portal starts with no settings at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      baseUrl: 'http://localhost:3000',
      databaseUrl: 'data/portal.sqlite',
      outboxDir: 'data/outbox',
      defaultLocale: 'en',
      timeZone: 'Asia/Shanghai',
      mailUrl: undefined,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('treats empty values as unset and trims a trailing slash from the base URL', () => {
    expect(loadConfig({ PORT: '', BASE_URL: 'https://portal.example.org/' }).baseUrl).toBe(
      'https://portal.example.org',
    );
  });

  it('names every wrong setting', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', TIME_ZONE: 'Mars/Olympus', DEFAULT_LOCALE: 'fr', MAIL_URL: 'http://x' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({
        PORT: 'eighty',
        TIME_ZONE: 'Mars/Olympus',
        DEFAULT_LOCALE: 'fr',
        MAIL_URL: 'http://x',
        COOKIE_SECRET: 'short',
      });
    } catch (e) {
      const text = String(e);
      for (const name of ['PORT', 'TIME_ZONE', 'DEFAULT_LOCALE', 'MAIL_URL', 'COOKIE_SECRET'])
        expect(text).toContain(name);
    }
  });
});
