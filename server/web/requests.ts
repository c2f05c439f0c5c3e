// What handlers read off a request: the id in the address, the form body, and who is acting.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit/service.js';
import { id as idField } from '../forms/fields.js';
import { forbidden, notFound } from '../plugins/errors.js';
import type { CurrentUser } from '../types.js';

/** The id in the address, or a 404 for anything that cannot be one. */
export function idParam(raw: unknown): number {
  const parsed = idField().safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** The signed-in person; the staff guard has already sent anyone signed out to sign in. */
export function staffUser(req: FastifyRequest): CurrentUser {
  if (!req.user) throw forbidden();
  return req.user;
}

/** The signed-in person as the audit log names them. */
export function staffActor(req: FastifyRequest): Actor {
  const user = staffUser(req);
  return { id: user.id, label: user.email };
}

export type Body = Record<string, unknown>;

/** The parsed form body, or an empty one for a request that sent none (or not a form). */
export const bodyOf = (req: FastifyRequest): Body =>
  req.body && typeof req.body === 'object' ? (req.body as Body) : {};
