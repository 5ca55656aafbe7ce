// Must NOT compile: a validation result is a plain object, not something `using` can dispose.
import { validateDraft } from 'prompt-assist';

export function f(): void {
  using result = validateDraft('<prompt/>');
  console.log(result);
}
