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
  it('leaves other addresses alone', () => {
    expect(redactUrl('/staff/opinions?channel=hotline&page=2')).toBe('/staff/opinions?channel=hotline&page=2');
    expect(redactUrl('/track')).toBe('/track');
  });
});
