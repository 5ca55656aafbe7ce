// @ts-check
// The prompt and variables the demo page starts with. The mock server's draft answers are made
// from whatever prompt a request carries; these are the ones they are shown with first, and the
// same as the shared stream fixtures' `options` (tests/fixtures/streams/*.expected.json).
// Imported by the page (bundled) and by the mock (www/mock.mjs).

/** The editor's first prompt. */
export const DEFAULT_PROMPT = `<prompt>
  <role>Leasing assistant for @propertyName</role>
  <goal>Convert leads into tours for @propertyName.</goal>
  <rules>
    <rule>Offer two tour times.</rule>
  </rules>
</prompt>`;

/** The editor's first variable context: names, a field scope and a group (API.md §4). */
export const DEFAULT_VARIABLES = {
  firstName: 'Alex',
  propertyName: 'Maple Court',
  contact: { email: 'alex@example.com' },
  'Tour fields': ['tourDate', 'tourTime'],
};
