// A browser-only consumer: DOM lib, lib es2022 (no esnext.disposable) and no @types/node. The
// declarations must compile here too, `[Symbol.dispose]()` included.
import init, { AssistantSession, validateDraft } from 'prompt-assist';

init().then(() => {
  const session = new AssistantSession();
  session.free();
  document.title = String(validateDraft('<prompt/>').ok);
});
