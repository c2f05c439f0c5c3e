// Staff sessions: a random token in an httpOnly cookie; the database keeps only its SHA-256.
// Signing in always issues a new token (the old one is deleted), so a planted id is useless; and
// signing in or out renews the CSRF secret, so no token from before the change still passes.
import { createHash, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import * as accounts from '../accounts/repository.js';
import type { DB } from '../db/database.js';
import { renewCsrfSecret } from './security.js';

/** The cookie that carries the session token. */
export const SESSION_COOKIE = 'sid';
const SESSION_HOURS = 12;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session for the account: its row (the token's hash only), and the token for the cookie. */
export async function openSession(db: DB, userId: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await accounts.insertSession(db, {
    id: hashToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  });
  return token;
}

export default fp(
  async (app) => {
    const secure = app.config.baseUrl.startsWith('https://');
    app.decorateRequest('user', null);

    app.addHook('onRequest', async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      if (!token || token.length > 100) return;
      const found = await accounts.findSessionUser(app.db, hashToken(token), app.clock.now().toISOString());
      if (!found) return;
      const watched = found.role === 'supervisor' ? await accounts.watchedUnitIds(app.db, found.id) : [];
      req.user = { ...found, watchedUnitIds: watched };
    });

    app.decorateReply('startSession', async function (userId: number) {
      const old = this.request.cookies[SESSION_COOKIE];
      if (old) await accounts.deleteSession(app.db, hashToken(old));
      const now = app.clock.now();
      // Signing in is rare enough to sweep expired sessions here rather than on a timer.
      await accounts.deleteExpiredSessions(app.db, now.toISOString());
      const token = await openSession(app.db, userId, now);
      this.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: SESSION_HOURS * 3600,
      });
      renewCsrfSecret(this);
    });

    app.decorateReply('endSession', async function () {
      const token = this.request.cookies[SESSION_COOKIE];
      if (token) await accounts.deleteSession(app.db, hashToken(token));
      this.clearCookie(SESSION_COOKIE, { path: '/' });
      this.request.user = null;
      renewCsrfSecret(this);
    });
  },
  { name: 'session', dependencies: ['security'] },
);
