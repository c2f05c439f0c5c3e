// The audit log for administrators: every change of state, newest first, and a check of the chain.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ChainCheck } from '../audit/chain.js';
import { ENTITY_TYPES, entityTypeName, presentEntry } from './present.js';
import { entriesPage, verifyAgainstCheckpoints } from '../audit/service.js';
import { createPublicKey } from 'node:crypto';

const PAGE_SIZE = 50;

const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  // Any kind of record the log may hold, not only those the filter offers.
  entity_type: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z_]*$/)
    .catch(''),
  entity_id: z
    .string()
    .trim()
    .max(20)
    .regex(/^[0-9]*$/)
    .catch(''),
});
type AuditQuery = z.infer<typeof AuditQuery>;

const routes: FastifyPluginAsync = async (app) => {
  async function listPage(req: FastifyRequest, reply: FastifyReply, q: AuditQuery, check: ChainCheck | null) {
    const filter = { entityType: q.entity_type || undefined, entityId: q.entity_id || undefined };
    const { entries: rows, total, page, pages } = await entriesPage(app.db, filter, q.page, PAGE_SIZE);
    // The kinds the filter offers, and the one asked for in the address if it is another.
    const kinds: string[] = [...ENTITY_TYPES];
    if (q.entity_type && !kinds.includes(q.entity_type)) kinds.push(q.entity_type);
    return reply.page('audit/list', {
      title: req.t('audit.title'),
      entries: rows.map((e) => presentEntry(req.t, e)),
      entityTypes: kinds.map((value) => ({ value, label: entityTypeName(req.t, value) })),
      total,
      page,
      pages,
      query: { ...q, page },
      check,
    });
  }

  app.get('/audit', { config: { permission: 'audit.read' } }, async (req, reply) => {
    return listPage(req, reply, AuditQuery.parse(req.query ?? {}), null);
  });

  app.post('/audit/verify', { config: { permission: 'audit.read' } }, async (req, reply) => {
    // The chain, and the chain against the portal's own signed checkpoints (audit/checkpoint.ts).
    const check = await verifyAgainstCheckpoints(app.db, [], createPublicKey(app.auditKey));
    return listPage(req, reply, { page: 1, entity_type: '', entity_id: '' }, check);
  });
};

export default routes;
