// Message catalogues: one JSON file per domain and language, under server/i18n/<locale>/.
// A key is "<file>.<path.inside>", e.g. "opinions.form.body". Loaded once at start.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../config.js';

export type Catalog = ReadonlyMap<string, string>;
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const here = path.dirname(fileURLToPath(import.meta.url));

function flatten(prefix: string, value: unknown, out: Map<string, string>): void {
  if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out);
  } else {
    throw new Error(`Catalogue entry ${prefix} is not text`);
  }
}

export function loadCatalog(locale: Locale, dir = path.join(here, locale)): Catalog {
  const out = new Map<string, string>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const data: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    flatten(path.basename(file, '.json'), data, out);
  }
  return out;
}

let cached: Record<Locale, Catalog> | undefined;
export function catalogs(): Record<Locale, Catalog> {
  cached ??= Object.fromEntries(LOCALES.map((l) => [l, loadCatalog(l)])) as Record<Locale, Catalog>;
  return cached;
}

/** A translator for one language. A missing key falls back to English, then to the key itself. */
export function translator(locale: Locale): Translate {
  const all = catalogs();
  const own = all[locale];
  const fallback = all.en;
  return (key, params) => {
    const text = own.get(key) ?? fallback.get(key) ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/** Picks the best of our languages from an Accept-Language header. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return fallback;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
