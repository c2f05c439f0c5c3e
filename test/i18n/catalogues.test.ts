import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, negotiateLocale, translator } from '../../server/i18n/catalog.js';

describe('the two languages', () => {
  const en = loadCatalog('en');
  const zh = loadCatalog('zh-CN');

  it('have exactly the same keys', () => {
    const missingInZh = [...en.keys()].filter((k) => !zh.has(k));
    const missingInEn = [...zh.keys()].filter((k) => !en.has(k));
    expect(missingInZh).toEqual([]);
    expect(missingInEn).toEqual([]);
    expect(en.size).toBeGreaterThan(100);
  });

  it('have the same {placeholders} in each message, and no empty message', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of en) {
      expect(text.trim(), key).not.toBe('');
      expect(zh.get(key)!.trim(), key).not.toBe('');
      expect(names(zh.get(key)!), key).toEqual(names(text));
    }
  });

  it('the Chinese catalogue is written in Chinese', () => {
    const latinOnly = [...zh].filter(([k, v]) => !/[\u4e00-\u9fff]/.test(v) && !k.startsWith('languages.'));
    // Only strings that are legitimately the same in both (codes, examples) may be without Chinese.
    expect(latinOnly.map(([k]) => k)).toEqual([]);
  });

  it('every key the views and code use exists', () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.(eta|ts)$/.test(f.name)) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]*[a-zA-Z0-9_])'/g))
            used.add(m[1]!);
        }
      }
    };
    walk('views');
    walk('server');
    const missing = [...used].filter((k) => !en.has(k));
    expect(missing).toEqual([]);
  });

  it('the language comes from the browser when not chosen', () => {
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8', 'en')).toBe('zh-CN');
    expect(negotiateLocale('en-GB,en;q=0.9', 'zh-CN')).toBe('en');
    expect(negotiateLocale('fr-FR,zh-TW;q=0.5', 'en')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR', 'zh-CN')).toBe('zh-CN');
    expect(negotiateLocale('en;q=0.2,zh;q=0.8', 'en')).toBe('zh-CN');
    expect(negotiateLocale(undefined, 'en')).toBe('en');
  });

  it('fills in placeholders', () => {
    expect(translator('en')('errors.tooLong', { max: 5 })).toBe('Use 5 characters or fewer');
    expect(translator('zh-CN')('errors.tooLong', { max: 5 })).toBe('不能超过 5 个字符');
  });
});
