// What the use-cases need of mail: a message in the recipient's language, sent. The domain owns
// this interface; plugins/mail.ts implements it (SMTP, or the outbox folder).
import type { Locale } from '../config.js';

export interface MailMessage {
  to: string;
  locale: Locale;
  /**
   * '<domain>/<name>': the pair views/emails/<domain>/<name>.{html,txt}.eta; the subject is the
   * catalogue key <domain>.emails.<name>.subject, given the string and number values of data.
   */
  template: string;
  data?: Record<string, unknown>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
