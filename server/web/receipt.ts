// The receipt email of a public form, sent from a request: in the reader's language, a failure
// written to the request's log (opinions/receipt.ts has the rule).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mailReceipt, type MailOutcome } from '../opinions/receipt.js';
import type { CreatedOpinion } from '../opinions/service.js';

export function sendReceipt(
  app: FastifyInstance,
  req: FastifyRequest,
  opinion: CreatedOpinion,
  email: string | null,
): Promise<MailOutcome> {
  return mailReceipt(
    {
      mailer: app.mailer,
      baseUrl: app.config.baseUrl,
      locale: req.locale,
      logError: (details, message) => req.log.error(details, message),
    },
    opinion,
    email,
  );
}
