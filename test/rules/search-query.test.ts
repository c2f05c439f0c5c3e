import { describe, expect, it } from 'vitest';
import { containsPattern, fts5Match, parseTextQuery, similarityQuery } from '../../server/search/query.js';

describe('what a person types becomes a full-text query', () => {
  it('needs every term; long terms go through the index, short ones as substrings', () => {
    expect(parseTextQuery('window  喝酒 Lunch')).toEqual({ indexed: ['window', 'lunch'], contains: ['喝酒'] });
    expect(parseTextQuery('中午喝酒')).toEqual({ indexed: ['中午喝酒'], contains: [] });
    expect(parseTextQuery('酒')).toEqual({ indexed: [], contains: ['酒'] });
  });

  it('cannot be broken out of: FTS5 quotes are doubled, operators are plain words; LIKE wildcards are literal', () => {
    expect(fts5Match(parseTextQuery('a"b OR x')!.indexed, 'and')).toBe('"a""b"');
    expect(parseTextQuery('a"b OR x')!.contains).toEqual(['or', 'x']);
    expect(fts5Match(parseTextQuery('NEAR(abc def) *')!.indexed, 'and')).toBe('"near(abc" "def)"');
    expect(parseTextQuery("'; DROP TABLE opinions; --")).toEqual({
      indexed: ['drop', 'table', 'opinions;'],
      contains: ["';", '--'],
    });
    expect(fts5Match(['中午喝', '午喝酒'], 'or')).toBe('"中午喝" OR "午喝酒"');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('is nothing for blank or non-text input', () => {
    expect(parseTextQuery('   ')).toBeNull();
    expect(parseTextQuery(undefined)).toBeNull();
    expect(parseTextQuery(['a'])).toBeNull();
  });

  it('finds like texts by their three-character windows, spread over the whole text', () => {
    expect(similarityQuery('ab')).toBeNull();
    expect(similarityQuery('!!! ...')).toBeNull();
    expect(similarityQuery('中午喝酒')).toEqual(['中午喝', '午喝酒']);
    const long = similarityQuery(
      'x'.repeat(10) + Array.from({ length: 500 }, (_, i) => String.fromCharCode(0x4e00 + i)).join(''),
    )!;
    const terms = long;
    expect(terms.length).toBe(48);
    // The last part of the text is represented too, not only its opening.
    expect(terms.some((t) => Array.from(t).some((c) => c.charCodeAt(0) >= 0x4e00 + 450))).toBe(true);
  });
});
