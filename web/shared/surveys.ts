import {
  visibleQuestions,
  type AnswerValue,
  type Answers,
  type Option,
  type Question,
  type QuestionKind,
} from '../../src/modules/surveys/rules';

/**
 * 问卷 for both shells: the question shapes of src/modules/surveys and its skip logic, the very
 * function the server checks answers with (rules.ts is pure), plus what the answer forms need.
 */

export { questionKinds, ratingValues as ratings, visibleQuestions } from '../../src/modules/surveys/rules';
export type { AnswerValue, Answers, QuestionKind };
export type SurveyOption = Option;
export type SurveyQuestion = Question;

const answered = (value: AnswerValue | undefined): boolean =>
  value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Only the answers to questions still shown, with empty ones left out: what is sent. */
export function answersToSend(questions: SurveyQuestion[], answers: Answers): Answers {
  return Object.fromEntries(
    visibleQuestions(questions, answers)
      .filter((q) => answered(answers[q.code]))
      .map((q) => [q.code, answers[q.code]!]),
  );
}

/** The first required question shown but not answered, if any. */
export function firstMissing<Q extends SurveyQuestion>(questions: Q[], answers: Answers): Q | undefined {
  return visibleQuestions(questions, answers).find((q) => q.required && !answered(answers[q.code]));
}

/** A question's or option's text in the reader's language (Chinese when there is no English). */
export function localText(zh: string, en: string | null | undefined, language: string): string {
  return language === 'en' && en ? en : zh;
}
