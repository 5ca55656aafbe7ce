// prompt-assist/lite under `tsc --strict`: the lite functions and their types, which are the
// main package's own (tests/js/lite.test.mjs compiles this).
import init, { completeVariables, findVariables, validateDraft, variableNames, version } from 'prompt-assist/lite';
import type { DraftValidation, InitInput, ValidationIssue, VariableCompletion, VariableContext, VariableRef } from 'prompt-assist/lite';
import type * as Main from 'prompt-assist';

const context: VariableContext = { firstName: 'Alex', contact: { email: 'a@b.c' } };
const input: InitInput | undefined = undefined;
init(input).then(() => {
  const validation: DraftValidation = validateDraft('<prompt><goal>Hi @frstName</goal></prompt>', context);
  const same: Main.DraftValidation = validation;
  const issues: ValidationIssue[] = same.issues;
  const suggestion: string | undefined = issues[0]?.suggestion;
  const completion: VariableCompletion | null = completeVariables('Hi @fi', 6, context);
  const labels: string[] = completion ? completion.options.map((o) => o.label) : [];
  const refs: VariableRef[] = findVariables('Hi @firstName', context);
  const known: (boolean | null)[] = refs.map((r) => r.known);
  const names: string[] = variableNames(context);
  const v: string = version();
  console.log(suggestion, labels, known, names, v);
});
