// Mail: each message is a pair of templates (views/emails/<name>.html.eta and .txt.eta) rendered
// in the recipient's language. With MAIL_URL it goes out over SMTP; without, it is written to the
// outbox folder as an .eml file, so nothing fails for lack of mail settings. A message the SMTP
// server refuses is kept in outbox/unsent. The sender's display name is the portal's name in
// the recipient's language, unless MAIL_FROM names the sender itself.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Eta } from 'eta';
import fp from 'fastify-plugin';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../config.js';
import { translator } from '../i18n/catalog.js';
import { formatters } from '../i18n/format.js';
import type { Mailer, MailMessage } from '../shared/mailer.js';
import { VIEWS_DIR } from './views.js';

export type { Mailer, MailMessage };

/** MAIL_FROM read as "Display name <address>" or a bare address (name null). */
export function parseSender(from: string): { name: string | null; address: string } {
  const m = /^\s*(.*?)\s*<\s*([^<>\s]+)\s*>\s*$/.exec(from);
  if (!m) return { name: null, address: from.trim() };
  const name = m[1]!.replace(/^"(.*)"$/, '$1').trim();
  return { name: name === '' ? null : name, address: m[2]! };
}

export function createMailer(config: Config): Mailer {
  const sender = parseSender(config.mailFrom);
  const html = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: config.env === 'production' });
  const text = new Eta({ views: VIEWS_DIR, autoEscape: false, cache: config.env === 'production' });
  const smtp = config.mailUrl ? nodemailer.createTransport(config.mailUrl) : null;
  const toFile = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  async function writeEml(folder: string, mail: SendMailOptions): Promise<void> {
    const info = (await toFile.sendMail(mail)) as unknown as { message: Buffer };
    await fs.mkdir(folder, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    await fs.writeFile(path.join(folder, name), info.message);
  }

  return {
    async send({ to, locale, template, data = {} }) {
      const t = translator(locale);
      const context = { ...data, t, locale, fmt: formatters(locale, config.timeZone), baseUrl: config.baseUrl };
      const [domain, ...rest] = template.split('/');
      const subject = t(`${domain}.emails.${rest.join('.')}.subject`, stringParams(data));
      const mail: SendMailOptions = {
        from: { name: sender.name ?? t('site.name'), address: sender.address },
        to,
        subject,
        text: await text.renderAsync(`/emails/${template}.txt.eta`, context),
        html: await html.renderAsync(`/emails/${template}.html.eta`, { ...context, subject }),
        headers: { 'Content-Language': locale },
      };
      if (!smtp) return writeEml(config.outboxDir, mail);
      try {
        await smtp.sendMail(mail);
      } catch (err) {
        // Keep what could not be sent, so an operator can send it by hand; the caller still hears of it.
        await writeEml(path.join(config.outboxDir, 'unsent'), mail);
        throw err;
      }
    },
  };
}

function stringParams(data: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

export default fp(
  async (app) => {
    app.decorate('mailer', createMailer(app.config));
  },
  { name: 'mail' },
);
