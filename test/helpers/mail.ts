// Mail as it really leaves the portal: a real SMTP server on loopback, or the outbox folder.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  /** The sender as the recipient's mail program shows it: display name (decoded) and address. */
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string | undefined;
}

function toCaptured(m: ParsedMail): CapturedMail {
  const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
  const sender = m.from?.value[0];
  return {
    from: { name: sender?.name ?? '', address: sender?.address ?? '' },
    to,
    subject: m.subject ?? '',
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : '',
    language: m.headers.get('content-language') as string | undefined,
  };
}

export interface SmtpCatcher {
  url: string;
  messages: CapturedMail[];
  /** Resolves once `count` messages have arrived (or rejects after a while). */
  waitFor(count: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpCatcher> {
  const messages: CapturedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(toCaptured(parsed));
          for (const w of waiters.splice(0)) w();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(count) {
      const deadline = Date.now() + 5000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Messages written to the outbox folder (when no MAIL_URL is set; 'unsent' holds what SMTP refused), oldest first. */
export async function readOutbox(dataDir: string, folder: '' | 'unsent' = ''): Promise<CapturedMail[]> {
  const dir = path.join(dataDir, 'outbox', folder);
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(files.map(async (f) => toCaptured(await simpleParser(fs.readFileSync(path.join(dir, f))))));
}

/** The first link in a message's text that starts with the base URL. */
export function linkIn(mail: CapturedMail, baseUrl: string): string {
  const m = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"<>]+`).exec(mail.text);
  if (!m) throw new Error(`no link to ${baseUrl} in: ${mail.text}`);
  return m[0];
}
