// Checks a page is valid HTML (html-validate's standard rules: the HTML spec, plus a few rules
// for accessible markup).
import { HtmlValidate } from 'html-validate';

const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:a11y'],
  rules: {
    // Catalogue text legitimately contains characters such as "…" and "→".
    'no-raw-characters': ['error', { relaxed: true }],
  },
});

export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}
