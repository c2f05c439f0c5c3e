import type { TestApp } from '../helpers/app.js';
import type { Level } from '../../server/problems/levels.js';

/** A problem written straight to the database, for tests about what happens to it next. */
export async function createProblem(
  t: TestApp,
  campaignId: number,
  unitId: number,
  o: { title?: string; description?: string; level?: Level; cadreName?: string; published?: boolean } = {},
) {
  const at = t.clock.now().toISOString();
  const { id } = await t.app.db
    .insertInto('problems')
    .values({
      campaign_id: campaignId,
      title: o.title ?? 'A common problem',
      description: o.description ?? 'What several opinions describe.',
      level: o.level ?? 'unit',
      unit_id: unitId,
      category: 'style',
      cadre_name: o.cadreName ?? null,
      merged_into_id: null,
      published_at: o.published ? at : null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
