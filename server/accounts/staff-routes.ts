// The staff home page.
import type { FastifyPluginAsync } from 'fastify';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { permission: 'staff.home' } }, async (req, reply) => {
    return reply.page('accounts/staff-home', { title: req.t('accounts.home.title') });
  });
};

export default routes;
