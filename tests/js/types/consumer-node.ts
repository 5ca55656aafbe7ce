// A Node-only consumer (lib es2022 + @types/node, no DOM lib): the declarations must compile
// there too.
import init, { AssistantSession, streamPromptAssistant, type AssistantEvent } from 'prompt-assist';

await init();
const session = new AssistantSession();
const events: AssistantEvent[] = session.push(Buffer.from('{"type":"done"}\n'));
const controller = new AbortController();
const stream = streamPromptAssistant({ instruction: 'x' }, { baseUrl: 'http://127.0.0.1:1', signal: controller.signal });
for await (const ev of stream) {
  if (ev.type === 'error') console.log(ev.code, events.length);
}
