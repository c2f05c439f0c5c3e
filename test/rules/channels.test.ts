import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, CHANNEL_DETAILS, detailShape, maskPhone } from '../../server/opinions/channels.js';

describe('the ten channels', () => {
  it('are exactly the ten of the practice', () => {
    expect(CHANNELS).toEqual([
      'leadership',
      'peer_review',
      'self_check',
      'visit',
      'questionnaire',
      'petition',
      'suggestion_box',
      'hotline',
      'supervisor',
      'enforcement',
    ]);
    expect(Object.keys(CHANNEL_DETAILS).sort()).toEqual([...CHANNELS].sort());
  });

  it('a caller number is masked enough to recognise a repeat caller but not to call them', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('861******5678');
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('123')).toBe('***');
  });

  it('each channel checks its own particulars', () => {
    const petition = z.object(detailShape('petition'));
    expect(petition.safeParse({ petition_kind: 'letter', reference_number: 'X-1', visitors: '3' })).toMatchObject({
      success: true,
      data: { petition_kind: 'letter', reference_number: 'X-1', visitors: 3 },
    });
    expect(petition.safeParse({ petition_kind: 'fax' }).success).toBe(false);
    expect(petition.safeParse({ petition_kind: 'visit', visitors: '-2' }).success).toBe(false);
    const hotline = z.object(detailShape('hotline'));
    expect(hotline.safeParse({ caller_number: '<script>' }).success).toBe(false);
    expect(hotline.safeParse({ caller_number: '' }).success).toBe(true);
    const leadership = z.object(detailShape('leadership'));
    expect(leadership.safeParse({ leader: '' }).success).toBe(false);
  });
});
