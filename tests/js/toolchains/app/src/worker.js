// A module worker of a bundled app: the same import as the page.
import init, { validateDraft } from 'prompt-assist';
import { check } from './check.js';

check({ init, validateDraft }).then(
  (result) => postMessage(result),
  (error) => postMessage({ error: String(error?.stack ?? error) }),
);
