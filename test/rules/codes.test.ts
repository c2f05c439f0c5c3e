import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, generateCode, groupCode, normaliseCode } from '../../server/shared/codes.js';

describe('codes people read aloud and type', () => {
  it('never use characters that are easy to confuse', () => {
    for (const ch of '01OILUV') expect(CODE_ALPHABET).not.toContain(ch);
    const many = Array.from({ length: 2000 }, () => generateCode(12)).join('');
    expect(many).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]+$/);
  });

  it('are random: no repeats among many', () => {
    const codes = new Set(Array.from({ length: 10000 }, () => generateCode(12)));
    expect(codes.size).toBe(10000);
  });

  it('are shown in groups of four and read back whatever the case, spaces or dashes', () => {
    expect(groupCode('7KQ4M2XR9PTB')).toBe('7KQ4-M2XR-9PTB');
    expect(normaliseCode(' 7kq4 m2xr-9ptb ', 12)).toBe('7KQ4M2XR9PTB');
    expect(normaliseCode('7KQ4-M2XR-9PT', 12)).toBeNull(); // too short
    expect(normaliseCode('7KQ4-M2XR-9PT0', 12)).toBeNull(); // 0 is never used
    expect(normaliseCode("' OR 1=1 --", 12)).toBeNull();
    expect(normaliseCode(['7KQ4M2XR9PTB'], 12)).toBeNull();
    expect(normaliseCode('x'.repeat(10000), 12)).toBeNull();
  });
});
