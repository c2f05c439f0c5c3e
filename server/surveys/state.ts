// The life of a questionnaire: a coordinator builds it as a draft and publishes it, once. Only
// these two are stored. Whether a published questionnaire takes answers on a day (not open yet,
// open, closed) is read off its dates, opens_on and closes_on (openness() in service.ts): it
// closes by the calendar, with no one moving it, and moving its dates opens it again, so
// "closed" is not a state here. The database refuses any other state (CHECK in 0008), a
// published questionnaire without its time of publication (0008), and a return to draft (0012).
//
//   draft → published
import { ForbiddenMove, lifeCycle } from '../shared/life-cycle.js';

export const SURVEY_STATES = ['draft', 'published'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

const MOVES: Record<SurveyState, readonly SurveyState[]> = {
  // A coordinator publishes a draft that has at least one question.
  draft: ['published'],
  // Final: answers were read against these questions, and codes may be out.
  published: [],
};

export const { allowedMoves, canMove, move } = lifeCycle('A questionnaire', MOVES);
export { ForbiddenMove };
