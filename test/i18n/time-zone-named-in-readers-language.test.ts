// Pages can name the portal's time zone the way the reader would (req.fmt.timeZoneName(), it.fmt
// in templates), at the moment of the portal's clock.
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

describe('the portal’s time zone is named in the reader’s language', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  const zoneOf = (env: Record<string, string> = {}) =>
    buildTestApp({
      env,
      extraRoutes: (app) => app.get('/test/zone', async (req) => ({ zone: req.fmt.timeZoneName() })),
    });

  it('in Chinese for a Chinese reader and in English for an English one', async () => {
    t = await zoneOf();
    expect((await t.agent().get('/test/zone').set('Accept-Language', 'zh-CN')).body).toEqual({ zone: '中国标准时间' });
    expect((await t.agent().get('/test/zone').set('Accept-Language', 'en')).body).toEqual({
      zone: 'China Standard Time',
    });
    const chosen = t.agent();
    await chosen.get('/lang/zh-CN');
    expect((await chosen.get('/test/zone').set('Accept-Language', 'en')).body).toEqual({ zone: '中国标准时间' });
  });

  it('for the season the portal’s clock is in', async () => {
    t = await zoneOf({ TIME_ZONE: 'Europe/London' });
    expect((await t.agent().get('/test/zone').set('Accept-Language', 'en')).body).toEqual({
      zone: 'Greenwich Mean Time',
    });
    t.clock.set(new Date('2027-07-01T09:00:00Z'));
    expect((await t.agent().get('/test/zone').set('Accept-Language', 'en')).body).toEqual({
      zone: 'British Summer Time',
    });
  });
});
