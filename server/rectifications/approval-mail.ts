// Telling the coordinators that a draft or a revision waits for their approval: one message to
// each active member of staff who may approve, in their own language (text and HTML). Sent after
// the submission has committed; nothing here can undo or fail it: a message that cannot be sent
// is logged (never by address).
import { PERMISSIONS } from '../accounts/permissions.js';
import type { DB } from '../db/database.js';
import type { Mailer } from '../shared/mailer.js';
import * as problems from '../problems/repository.js';
import * as units from '../units/repository.js';
import * as repo from './repository.js';

/** views/emails/rectifications/approval.{html,txt}.eta */
export const APPROVAL_TEMPLATE = 'rectifications/approval';

export interface ApprovalMailDeps {
  db: DB;
  mailer: Mailer;
  config: { baseUrl: string };
  log: { error(detail: object, message: string): void };
}

/** Tells every approver; answers how many messages went out. */
export async function tellApprovers(
  app: ApprovalMailDeps,
  rectificationId: number,
  kind: 'draft' | 'revision',
): Promise<number> {
  let sent = 0;
  try {
    const r = await repo.findRectification(app.db, rectificationId);
    if (!r) return 0;
    const [problem, unit, recipients] = await Promise.all([
      problems.findProblem(app.db, r.problem_id),
      units.findUnit(app.db, r.unit_id),
      repo.activeStaffOfRoles(app.db, PERMISSIONS['rectifications.approve']),
    ]);
    const data = {
      title: problem?.title ?? '',
      unit: unit?.name ?? '',
      kind,
      round: r.round,
      link: `${app.config.baseUrl}/staff/rectifications/${rectificationId}`,
    };
    for (const to of recipients) {
      try {
        await app.mailer.send({
          to: to.email,
          locale: to.locale,
          template: APPROVAL_TEMPLATE,
          data: { ...data, name: to.name },
        });
        sent++;
      } catch (err) {
        app.log.error({ err: { name: (err as Error)?.name }, rectificationId }, 'an approval notice could not be sent');
      }
    }
  } catch (err) {
    app.log.error(
      { err: { name: (err as Error)?.name }, rectificationId },
      'the approval notices could not all be sent',
    );
  }
  return sent;
}
