import { describe, expect, it } from 'vitest';
import { parseTextQuery, similarityQuery } from '../../server/search/query.js';

describe('what a person types becomes a full-text query', () => {
  it('needs every term; long terms go through the index, short ones as substrings', () => {
    expect(parseTextQuery('window  喝酒 Lunch')).toEqual({ match: '"window" "lunch"', contains: ['喝酒'] });
    expect(parseTextQuery('中午喝酒')).toEqual({ match: '"中午喝酒"', contains: [] });
    expect(parseTextQuery('酒')).toEqual({ match: null, contains: ['酒'] });
  });

  it('cannot be broken out of: quotes are doubled, operators are plain words', () => {
    expect(parseTextQuery('a"b OR x')).toEqual({ match: '"a""b"', contains: ['or', 'x'] });
    expect(parseTextQuery('NEAR(abc def) *')!.match).toBe('"near(abc" "def)"');
    expect(parseTextQuery("'; DROP TABLE opinions; --")).toEqual({ match: '"drop" "table" "opinions;"', contains: ["';", '--'] });
  });

  it('is nothing for blank or non-text input', () => {
    expect(parseTextQuery('   ')).toBeNull();
    expect(parseTextQuery(undefined)).toBeNull();
    expect(parseTextQuery(['a'])).toBeNull();
  });

  it('finds like texts by their three-character windows, spread over the whole text', () => {
    expect(similarityQuery('ab')).toBeNull();
    expect(similarityQuery('!!! ...')).toBeNull();
    const q = similarityQuery('中午喝酒')!;
    expect(q).toBe('"中午喝" OR "午喝酒"');
    const long = similarityQuery('x'.repeat(10) + Array.from({ length: 500 }, (_, i) => String.fromCharCode(0x4e00 + i)).join(''))!;
    const terms = long.split(' OR ');
    expect(terms.length).toBe(48);
    // The last part of the text is represented too, not only its opening.
    expect(terms.some((t) => Array.from(t).some((c) => c.charCodeAt(0) >= 0x4e00 + 450))).toBe(true);
  });
});
