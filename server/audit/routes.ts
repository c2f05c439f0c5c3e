// The audit log for administrators: every change of state, newest first, and a check of the chain.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import * as repo from './repository.js';
import { verify } from './service.js';

const PAGE_SIZE = 50;

const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  entity_type: z.string().trim().max(40).regex(/^[a-z_]*$/).catch(''),
  entity_id: z.string().trim().max(20).regex(/^[0-9]*$/).catch(''),
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/audit', { config: { permission: 'audit.read' } }, async (req, reply) => {
    const q = AuditQuery.parse(req.query ?? {});
    const filter = { entityType: q.entity_type || undefined, entityId: q.entity_id || undefined };
    const total = await repo.countEntries(app.db, filter);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(q.page, pages);
    const entries = await repo.listEntries(app.db, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.page('audit/list', { title: req.t('audit.title'), entries, total, page, pages, query: q, check: null });
  });

  app.post('/audit/verify', { config: { permission: 'audit.read' } }, async (req, reply) => {
    const check = await verify(app.db);
    const entries = await repo.listEntries(app.db, { limit: PAGE_SIZE, offset: 0 });
    const total = await repo.countEntries(app.db, {});
    return reply.page('audit/list', {
      title: req.t('audit.title'),
      entries,
      total,
      page: 1,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      query: { page: 1, entity_type: '', entity_id: '' },
      check,
    });
  });
};

export default routes;
