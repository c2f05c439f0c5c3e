// The login and permission check for the whole /staff route group, in one hook. Every staff
// route must name its permission (route config); a route without one fails at start-up.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Permission } from '../accounts/permissions.js';
import { administratorExists } from '../accounts/service.js';
import { forbidden } from './errors.js';

export interface StaffRoute {
  method: string;
  url: string;
  permission: Permission;
}

/** Installs the guard; lists each staff route in `routes` as it registers (for the permission walk test). */
export function installStaffGuard(staff: FastifyInstance, routes: StaffRoute[]): void {
  staff.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission) throw new Error(`Staff route ${String(route.method)} ${route.url} does not name a permission`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url, permission });
  });
  staff.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!(await administratorExists(staff.db))) return reply.redirect('/setup');
    if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
    const permission = req.routeOptions.config.permission;
    if (!permission || !can(req.user, permission)) throw forbidden();
  });
}
