// Every form of a round with empty, oversize, malformed and hostile input: each comes back (422)
// with what was typed and the message by the field, or for a ballot code a page that says what
// to check; hostile text is stored as text and shown escaped. Forms without their CSRF token are
// refused, and every staff round page refuses whoever is not a coordinator or administrator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../server/accounts/tables.js';
import { BALLOT_CODE_LENGTH } from '../../server/evaluations/ballots.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import {
  browserBody,
  csrfFrom,
  escaped,
  fieldError,
  HOSTILE,
  hiddenFields,
  inputValue,
  submitForm,
  textareaValue,
} from '../helpers/forms.js';
import {
  DAY,
  issueSlipsOverHttp,
  local,
  openRoundOverHttp,
  pathOf,
  reportedDone,
  voteOverHttp,
  type Reported,
} from './support.js';

describe('the round forms refuse what they cannot take', () => {
  let t: TestApp;
  let r: Reported;
  beforeEach(async () => {
    t = await buildTestApp();
    r = await reportedDone(t);
  });
  afterEach(async () => t.close());

  const newUrl = () => `/staff/rectifications/${r.rectificationId}/rounds/new`;
  const openUrl = () => `/staff/rectifications/${r.rectificationId}/rounds`;

  it('opening a round: empty, not a date, closing first, in the past, over a year, hostile', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const empty = await submitForm(agent, newUrl(), openUrl(), {});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'opens_at')).toBe('Enter this information');
    expect(fieldError(empty.text, 'closes_at')).toBe('Enter this information');

    // One of the two right and the other empty or wrong: the message by the one that is wrong.
    for (const [good, bad] of [
      ['opens_at', 'closes_at'],
      ['closes_at', 'opens_at'],
    ] as const) {
      for (const typed of ['', 'soon']) {
        const half = await submitForm(agent, newUrl(), openUrl(), { [good]: local(t, DAY), [bad]: typed });
        expect(half.status, `${bad}=${typed}`).toBe(422);
        expect(fieldError(half.text, bad)).toBe(typed === '' ? 'Enter this information' : 'Enter a real date and time');
        expect(fieldError(half.text, good)).toBeNull();
        expect(inputValue(half.text, good)).toBe(local(t, DAY));
      }
    }

    const malformed = await submitForm(agent, newUrl(), openUrl(), {
      opens_at: '2026-13-45T25:00',
      closes_at: 'next Friday',
    });
    expect(malformed.status).toBe(422);
    expect(fieldError(malformed.text, 'opens_at')).toBe('Enter a real date and time');
    expect(fieldError(malformed.text, 'closes_at')).toBe('Enter a real date and time');
    expect(inputValue(malformed.text, 'closes_at')).toBe('next Friday');

    const backwards = await submitForm(agent, newUrl(), openUrl(), {
      opens_at: local(t, 3 * DAY),
      closes_at: local(t, DAY),
    });
    expect(backwards.status).toBe(422);
    expect(fieldError(backwards.text, 'closes_at')).toBe('The closing time must be after the opening time');
    expect(inputValue(backwards.text, 'opens_at')).toBe(local(t, 3 * DAY));

    const past = await submitForm(agent, newUrl(), openUrl(), {
      opens_at: local(t, -3 * DAY),
      closes_at: local(t, -DAY),
    });
    expect(fieldError(past.text, 'closes_at')).toBe('The closing time must be in the future');
    const long = await submitForm(agent, newUrl(), openUrl(), { opens_at: local(t), closes_at: local(t, 400 * DAY) });
    expect(fieldError(long.text, 'closes_at')).toBe('A round can last a year at most');

    const hostile = await submitForm(agent, newUrl(), openUrl(), { opens_at: HOSTILE.script, closes_at: HOSTILE.html });
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(hostile.text).toContain(escaped(HOSTILE.script));
    expect(await t.app.db.selectFrom('evaluation_rounds').selectAll().execute()).toEqual([]);

    // Unknown and impossible rectifications are not found; one not reported done cannot have a round.
    expect((await agent.get('/staff/rectifications/99999/rounds/new')).status).toBe(404);
    expect((await agent.get('/staff/rectifications/x/rounds/new')).status).toBe(404);
    expect(
      (
        await submitForm(agent, newUrl(), '/staff/rectifications/99999/rounds', {
          opens_at: local(t),
          closes_at: local(t, DAY),
        })
      ).status,
    ).toBe(404);
  });

  it('a rectification not reported done cannot be put to a round', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, r.rectificationId);
    await issueSlipsOverHttp(agent, roundId, 3).then(async ({ slips }) => {
      for (const s of slips) await voteOverHttp(t.agent(), s.code, { choice: 'satisfied', confirm: '1' });
    });
    await submitForm(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {});
    // Passed now: no round can be opened, and the form says why.
    const page = await agent.get(newUrl());
    expect(page.status).toBe(200);
    expect(page.text).toContain('A round can be opened once the unit has reported the rectification done.');
    expect(page.text).not.toContain(`action="${openUrl()}"`);
    const forced = await submitForm(agent, `/staff/rounds/${roundId}`, openUrl(), {
      opens_at: local(t),
      closes_at: local(t, DAY),
    });
    expect(forced.status).toBe(422);
    expect(forced.text).toContain('A round can be opened only for a rectification reported done');
  });

  it('issuing slips: empty, zero, too many, not a number, hostile, and the same form twice', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, r.rectificationId);
    const url = `/staff/rounds/${roundId}`;
    const slips = async (count: string, key?: string) => {
      const page = await agent.get(url);
      const hidden = hiddenFields(page.text);
      return agent
        .post(`${url}/slips`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ _csrf: hidden._csrf!, issue_key: key ?? hidden.issue_key!, count }));
    };
    for (const [count, message] of [
      ['', 'Enter this information'],
      ['0', 'Enter a number of at least 1'],
      ['501', 'Enter a number of at most 500'],
      ['1.5', 'Enter a whole number'],
      ['ten', 'Enter a whole number'],
      ['99999999999999999999', 'Enter a whole number'],
      [HOSTILE.sql, 'Enter a whole number'],
    ] as const) {
      const res = await slips(count);
      expect(res.status, count).toBe(422);
      expect(fieldError(res.text, 'count'), count).toBe(message);
      expect(res.headers['cache-control'], count).toBe('no-store'); // a staff page, like every other (issue 14)
    }
    const noKey = await slips('3', 'x');
    expect(noKey.status).toBe(422);
    expect(noKey.text).toContain('The form had expired');
    expect((await t.app.db.selectFrom('ballots').selectAll().execute()).length).toBe(0);

    // The same form sent twice (a reload of the slips page): the second issues nothing.
    const page = await agent.get(url);
    const key = hiddenFields(page.text).issue_key!;
    expect((await slips('4', key)).status).toBe(200);
    const replay = await slips('4', key);
    expect(replay.status).toBe(409);
    expect(replay.text).toContain('These slips were issued already, and nothing more was issued.');
    expect(replay.text).not.toContain('data-slip');
    expect((await t.app.db.selectFrom('ballots').selectAll().execute()).length).toBe(4);
    expect((await t.app.db.selectFrom('evaluation_rounds').select('issued').executeTakeFirstOrThrow()).issued).toBe(4);
  });

  it('a paper tally: empty, negative, oversize, not numbers, hostile meeting names shown as text', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, r.rectificationId);
    const url = `/staff/rounds/${roundId}`;
    const tally = (fields: Record<string, string>) => submitForm(agent, url, `${url}/paper`, fields);
    const empty = await tally({});
    expect(empty.status).toBe(422);
    for (const f of ['meeting', 'present', 'satisfied', 'basically_satisfied', 'dissatisfied', 'unable_to_judge'])
      expect(fieldError(empty.text, f), f).toBe('Enter this information');

    const bad = await tally({
      meeting: 'x'.repeat(201),
      present: '-1',
      satisfied: '2.5',
      basically_satisfied: 'many',
      dissatisfied: '100001',
      unable_to_judge: HOSTILE.html,
    });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'meeting')).toBe('Use 200 characters or fewer');
    expect(fieldError(bad.text, 'present')).toBe('Enter a number of at least 0');
    expect(fieldError(bad.text, 'satisfied')).toBe('Enter a whole number');
    expect(fieldError(bad.text, 'basically_satisfied')).toBe('Enter a whole number');
    expect(fieldError(bad.text, 'dissatisfied')).toBe('Enter a number of at most 100000');
    expect(fieldError(bad.text, 'unable_to_judge')).toBe('Enter a whole number');
    expect(inputValue(bad.text, 'basically_satisfied')).toBe('many');
    expect(bad.text).not.toContain(HOSTILE.html);

    const over = await tally({
      meeting: 'Symposium',
      present: '0',
      satisfied: '1',
      basically_satisfied: '0',
      dissatisfied: '0',
      unable_to_judge: '0',
    });
    expect(over.status).toBe(422);
    expect(fieldError(over.text, 'present')).toBe('The votes add up to 1, more than the 0 people present');
    expect(await t.app.db.selectFrom('paper_tallies').selectAll().execute()).toEqual([]);

    const hostile = await tally({
      meeting: HOSTILE.script,
      present: '3',
      satisfied: '1',
      basically_satisfied: '1',
      dissatisfied: '0',
      unable_to_judge: '1',
    });
    expect(hostile.status).toBe(303);
    const shown = await agent.get(url);
    expect(shown.text).not.toContain(HOSTILE.script);
    expect(shown.text).toContain(escaped(HOSTILE.script));
    expect((await t.app.db.selectFrom('paper_tallies').select('meeting').executeTakeFirstOrThrow()).meeting).toBe(
      HOSTILE.script,
    );
  });

  it('a solicitation note: empty, oversize, hostile', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, r.rectificationId);
    const url = `/staff/rounds/${roundId}`;
    const empty = await submitForm(agent, url, `${url}/notes`, { note: '   ' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'note')).toBe('Enter this information');
    const long = await submitForm(agent, url, `${url}/notes`, { note: 'n'.repeat(5001) });
    expect(fieldError(long.text, 'note')).toBe('Use 5000 characters or fewer');
    expect(textareaValue(long.text, 'note')).toBe('n'.repeat(5001));
    expect((await submitForm(agent, url, `${url}/notes`, { note: HOSTILE.html })).status).toBe(303);
    const shown = await agent.get(url);
    expect(shown.text).not.toContain(HOSTILE.html);
    expect(shown.text).toContain(escaped(HOSTILE.html));
  });

  it('a closed round takes no slips, tallies, notes or second close', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, r.rectificationId);
    const url = `/staff/rounds/${roundId}`;
    const page = await agent.get(url);
    const hidden = hiddenFields(page.text);
    expect((await submitForm(agent, url, `${url}/close`, {})).status).toBe(303);
    const post = (action: string, fields: Record<string, string>) =>
      agent
        .post(`${url}/${action}`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ _csrf: hidden._csrf!, ...fields }));
    for (const [action, fields] of [
      ['slips', { count: '2', issue_key: hidden.issue_key! }],
      [
        'paper',
        {
          meeting: 'Late',
          present: '1',
          satisfied: '1',
          basically_satisfied: '0',
          dissatisfied: '0',
          unable_to_judge: '0',
        },
      ],
      ['notes', { note: 'Too late' }],
      ['close', {}],
    ] as const) {
      const res = await post(action, fields);
      expect(res.status, action).toBe(422);
      expect(res.text, action).toContain('This round is closed');
    }
    expect(await t.app.db.selectFrom('ballots').selectAll().execute()).toEqual([]);
    expect(await t.app.db.selectFrom('paper_tallies').selectAll().execute()).toEqual([]);
  });

  it('the ballot: empty, unknown choices, oversize and hostile comments, codes that are not codes', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 2);
    const voter = t.agent();
    const page = await voter.get(pathOf(slips[0]!.address));
    const hidden = hiddenFields(page.text);
    expect(hidden.code).toBe(slips[0]!.code);
    const post = (fields: Record<string, string | string[]>) =>
      voter
        .post('/vote')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ _csrf: hidden._csrf!, ...fields }));

    const empty = await post({ code: hidden.code! });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'choice')).toBe('Choose one of the four answers');
    expect(fieldError(empty.text, 'confirm')).toBe('Tick the box to confirm that this is your vote');
    for (const choice of ['delighted', HOSTILE.sql, ['satisfied', 'dissatisfied']]) {
      const res = await post({ code: hidden.code!, choice, confirm: '1' });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'choice')).toBe('Choose one of the four answers');
    }
    const long = await post({ code: hidden.code!, choice: 'satisfied', confirm: '1', comment: 'c'.repeat(2001) });
    expect(long.status).toBe(422);
    expect(fieldError(long.text, 'comment')).toBe('Use 2000 characters or fewer');
    expect(textareaValue(long.text, 'comment')).toBe('c'.repeat(2001));
    expect(long.text).toMatch(/value="satisfied" required checked/);
    expect(await t.app.db.selectFrom('votes').selectAll().execute()).toEqual([]);

    // The code travels in a hidden field; whatever is sent there is read as a code, or refused.
    for (const code of ['', HOSTILE.script, HOSTILE.sql, 'A'.repeat(500), ['x', 'y']] as const) {
      const res = await post({ code: code as string, choice: 'satisfied', confirm: '1' });
      expect(res.status, String(code)).toBe(404);
      expect(res.text).toContain('This is not a ballot code');
      expect(res.text).not.toContain(HOSTILE.script);
    }
    const missing = await voter
      .post('/vote')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ _csrf: hidden._csrf!, choice: 'satisfied', confirm: '1' }));
    expect(missing.status).toBe(404);

    // A hostile comment is a comment: stored as text, shown escaped to the coordinator after the close.
    const ok = await post({ code: hidden.code!, choice: 'dissatisfied', confirm: '1', comment: HOSTILE.script });
    expect(ok.status).toBe(200);
    await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {});
    const staffPage = await coordinator.get(`/staff/rounds/${roundId}`);
    expect(staffPage.text).not.toContain(HOSTILE.script);
    expect(staffPage.text).toContain(escaped(HOSTILE.script));

    // Looking a code up: empty asks for it; typed oddly it is still read; hostile is escaped.
    expect((await voter.get('/vote?code=')).status).toBe(422);
    expect((await voter.get('/vote?code=')).text).toContain('Enter the code on your ballot slip');
    const typedOddly = await voter.get(`/vote?code=${encodeURIComponent(` ${slips[1]!.grouped.toLowerCase()} `)}`);
    expect(typedOddly.status).toBe(409); // the round is closed now
    const hostile = await voter.get(`/vote?code=${encodeURIComponent(HOSTILE.script)}`);
    expect(hostile.status).toBe(404);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(hostile.text).toContain(escaped(HOSTILE.script));
    expect((await voter.get(`/vote?code=${'Z'.repeat(BALLOT_CODE_LENGTH)}`)).status).toBe(404);
    expect((await voter.get('/vote?code=a&code=b')).status).toBe(422);
    // Results of rounds that do not exist, or cannot.
    for (const id of ['99999', 'abc', '0', '-1']) expect((await voter.get(`/rounds/${id}/results`)).status).toBe(404);
  });

  it('refuses every form without its CSRF token, or with another session’s', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const { agent: other } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    const foreign = csrfFrom((await other.get(`/staff/rounds/${roundId}`)).text);
    for (const action of [
      `/staff/rectifications/${r.rectificationId}/rounds`,
      `/staff/rounds/${roundId}/slips`,
      `/staff/rounds/${roundId}/paper`,
      `/staff/rounds/${roundId}/notes`,
      `/staff/rounds/${roundId}/close`,
    ]) {
      const none = await coordinator.post(action).type('form').send({ count: '1', note: 'x' });
      expect(none.status, action).toBe(403);
      const wrong = await coordinator.post(action).type('form').send({ _csrf: foreign, count: '1', note: 'x' });
      expect(wrong.status, action).toBe(403);
    }
    const voter = t.agent();
    await voter.get(pathOf(slips[0]!.address));
    const vote = await voter
      .post('/vote')
      .type('form')
      .send({ code: slips[0]!.code, choice: 'satisfied', confirm: '1' });
    expect(vote.status).toBe(403);
    const wrong = await voter
      .post('/vote')
      .type('form')
      .send({ _csrf: foreign, code: slips[0]!.code, choice: 'satisfied', confirm: '1' });
    expect(wrong.status).toBe(403);
    // Nothing happened: the round is open, the code unused.
    expect((await t.app.db.selectFrom('evaluation_rounds').select('state').executeTakeFirstOrThrow()).state).toBe(
      'open',
    );
    expect(await t.app.db.selectFrom('votes').selectAll().execute()).toEqual([]);
    expect((await voter.get(pathOf(slips[0]!.address))).status).toBe(200);
  });

  it('refuses every staff round page to anyone but coordinators and administrators', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const gets = [
      `/staff/rectifications/${r.rectificationId}/rounds`,
      `/staff/rectifications/${r.rectificationId}/rounds/new`,
      `/staff/rounds/${roundId}`,
    ];
    const posts = [
      `/staff/rectifications/${r.rectificationId}/rounds`,
      `/staff/rounds/${roundId}/slips`,
      `/staff/rounds/${roundId}/paper`,
      `/staff/rounds/${roundId}/notes`,
      `/staff/rounds/${roundId}/close`,
    ];
    for (const role of ROLES) {
      const { agent } = await signInAs(t, role);
      const token = csrfFrom((await agent.get('/staff')).text);
      const allowed = role === 'coordinator' || role === 'administrator';
      for (const url of gets) {
        const res = await agent.get(url);
        if (allowed) expect([200, 303], `${role} GET ${url}`).toContain(res.status);
        else expect(res.status, `${role} GET ${url}`).toBe(403);
      }
      if (!allowed)
        for (const url of posts)
          expect((await agent.post(url).type('form').send({ _csrf: token })).status, `${role} POST ${url}`).toBe(403);
    }
    for (const url of gets) {
      const res = await t.agent().get(url);
      expect(res.status).toBe(302);
      expect(String(res.headers.location)).toMatch(/^\/login\?next=/);
    }
    // Nothing was done by the refused posts.
    expect((await t.app.db.selectFrom('evaluation_rounds').select('state').executeTakeFirstOrThrow()).state).toBe(
      'open',
    );
    expect(await t.app.db.selectFrom('ballots').selectAll().execute()).toEqual([]);
  });

  it('an individual cadre’s round: the voter reads it, the result is for signed-in staff only', async () => {
    r = await reportedDone(t, { level: 'individual', title: 'Cadre Zhang answers no calls' });
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    const ballot = await t.agent().get(pathOf(slips[0]!.address));
    expect(ballot.status).toBe(200);
    expect(ballot.text).toContain('Cadre Zhang answers no calls');
    expect(ballot.text).not.toContain('href="/notices/');
    await voteOverHttp(t.agent(), slips[0]!.code, { choice: 'satisfied', confirm: '1' });
    await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {});
    expect((await t.agent().get(`/rounds/${roundId}/results`)).status).toBe(404);
    expect((await coordinator.get(`/rounds/${roundId}/results`)).status).toBe(200);
  });
});
