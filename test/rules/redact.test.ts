import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../server/shared/redact.js';

describe('keys never reach the log', () => {
  it('hides tracking codes, receipts, invitation tokens and code parameters', () => {
    expect(redactUrl('/track/7KQ4-M2XR-9PTB')).toBe('/track/[redacted]');
    expect(redactUrl('/opinions/receipt/7KQ4-M2XR-9PTB?email=sent')).toBe('/opinions/receipt/[redacted]?email=sent');
    expect(redactUrl('/invitations/abcDEF_123')).toBe('/invitations/[redacted]');
    expect(redactUrl('/track?code=7kq4+m2xr')).toBe('/track?code=[redacted]');
    expect(redactUrl('/x?a=1&token=zzz&b=2')).toBe('/x?a=1&token=[redacted]&b=2');
  });

  it('hides the code just saved, which the recording form is sent back to', () => {
    expect(redactUrl('/staff/opinions/new?channel=hotline&saved=DCXWZD85KYM8')).toBe(
      '/staff/opinions/new?channel=hotline&saved=[redacted]',
    );
    expect(redactUrl('/staff/opinions/new?saved=DCXW-ZD85-KYM8&campaign=3')).toBe(
      '/staff/opinions/new?saved=[redacted]&campaign=3',
    );
    expect(redactUrl('/staff/opinions/new?SAVED=x')).toBe('/staff/opinions/new?SAVED=[redacted]');
  });

  it('hides any parameter whose value looks like a code, however it is written', () => {
    expect(redactUrl('/anything?ref=DCXWZD85KYM8')).toBe('/anything?ref=[redacted]');
    expect(redactUrl('/anything?ref=dcxw-zd85-kym8&page=2')).toBe('/anything?ref=[redacted]&page=2');
    expect(redactUrl('/anything?q=DCXW+ZD85+KYM8')).toBe('/anything?q=[redacted]');
    expect(redactUrl('/anything?q=DCXW%20ZD85%20KYM8')).toBe('/anything?q=[redacted]');
    expect(redactUrl('/login?next=%2Ftrack%2F7KQ4M2XR9PTB')).toBe('/login?next=[redacted]');
    expect(redactUrl('/login?next=%2Fstaff%2Fopinions%2Fnew%3Fsaved%3DDCXWZD85KYM8')).toBe('/login?next=[redacted]');
    expect(redactUrl('/setup?c=CNGR3DX7X4')).toBe('/setup?c=[redacted]'); // the set-up code
  });

  it('leaves other addresses alone', () => {
    expect(redactUrl('/staff/opinions?channel=hotline&page=2')).toBe('/staff/opinions?channel=hotline&page=2');
    expect(redactUrl('/track')).toBe('/track');
    expect(
      redactUrl('/staff/opinions?campaign=12&channel=suggestion_box&from=2026-11-01&to=2026-11-20&state=received'),
    ).toBe('/staff/opinions?campaign=12&channel=suggestion_box&from=2026-11-01&to=2026-11-20&state=received');
    expect(redactUrl('/staff/audit?entity_type=conduct_rule&entity_id=12345678')).toBe(
      '/staff/audit?entity_type=conduct_rule&entity_id=12345678',
    );
    expect(redactUrl('/staff/opinions?q=drinking+at+lunch&flag')).toBe('/staff/opinions?q=drinking+at+lunch&flag');
    expect(redactUrl('/login?next=%2Fstaff%2Faudit')).toBe('/login?next=%2Fstaff%2Faudit');
  });
});
