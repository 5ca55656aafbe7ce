// Must NOT compile: `delta` exists only on the delta events.
import { AssistantSession } from 'prompt-assist';

const session = new AssistantSession();
for (const ev of session.push('{"type":"assistant-delta","delta":"x"}\n')) {
  const text: string = ev.delta;
  console.log(text);
}
