// Ten thousand rows through the real form, all in one import. How long it takes is measured by
// hand (see server/imports/CONTEXT.md), not here: the timeout below is only a ceiling.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../../server/audit/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { counts, csv, press, previewRows, uploadOk } from './support.js';

const N = 10_000;

describe('a large hotline export', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it(
    'imports ten thousand rows at once, each with its own code, event and audit entry',
    { timeout: 120_000 },
    async () => {
      const campaignId = await createCampaign(t.app.db);
      await createUnit(t.app.db, { name: 'Housing bureau' });
      const start = Date.UTC(2026, 9, 1);
      const lines = ['编号,收到时间,意见内容,来电号码,通话时长（分钟）,单位,姓名'];
      for (let i = 0; i < N; i++) {
        const at = new Date(start + i * 3 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
        lines.push(
          `RX-${i},${at},第 ${i} 条：窗口工作人员态度生硬，群众反映办事难。,1381234${String(i % 10_000).padStart(4, '0')},${1 + (i % 30)},${i % 2 ? '住建局' : 'Housing bureau'},${i % 3 ? '' : `来电人${i}`}`,
        );
      }
      await createUnit(t.app.db, { name: '住建局' });
      const { agent } = await signInAs(t, 'coordinator');

      const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: csv(lines, { bom: true }) });
      const preview = await agent.get(`/staff/imports/${id}`);
      expect(counts(preview.text)).toEqual({ ready: N, existing: 0, repeated: 0, invalid: 0 });
      expect(previewRows(preview.text)).toHaveLength(100); // a page at a time
      expect(preview.text).toContain('Page 1 of 100');

      expect((await press(agent, id, 'commit')).status).toBe(303);
      const count = async (table: 'opinions' | 'opinion_events') =>
        Number(
          (
            await t.app.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('opinions')).toBe(N);
      expect(await count('opinion_events')).toBe(N);
      const codes = await t.app.db
        .selectFrom('opinions')
        .select((eb) => eb.fn.count<number>('tracking_code').distinct().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(codes.n)).toBe(N);
      const received = await t.app.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'opinion.received')
        .executeTakeFirstOrThrow();
      expect(Number(received.n)).toBe(N);
      expect(
        await t.app.db.selectFrom('imports').select(['state', 'imported_count']).executeTakeFirstOrThrow(),
      ).toEqual({ state: 'imported', imported_count: N });

      // The chain of audit entries is whole after a bulk import.
      expect(await verify(t.app.db)).toMatchObject({ ok: true });

      const last = await t.app.db
        .selectFrom('opinions')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({
        external_ref: `RX-${N - 1}`,
        body: `第 ${N - 1} 条：窗口工作人员态度生硬，群众反映办事难。`,
        import_id: id,
      });
    },
  );
});
