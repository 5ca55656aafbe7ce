// Lifecycle: `using` on an AssistantSession and on a stream (TypeScript 5.2+ with the
// esnext.disposable lib), free() on both, and an init() that is awaited inside a function
// rather than at top level (as in the package README). Must compile under `tsc --strict`.
import init, { AssistantSession, streamPromptAssistant, type AssistantEvent } from 'prompt-assist';

export async function main(): Promise<AssistantEvent[]> {
  await init();
  const events: AssistantEvent[] = [];
  {
    using session = new AssistantSession();
    events.push(...session.push('{"type":"done"}\n'));
  }
  {
    using stream = streamPromptAssistant({ instruction: 'hi' }, { baseUrl: 'https://example.invalid' });
    for await (const ev of stream) events.push(ev);
  }
  const session = new AssistantSession();
  session.free();
  session[Symbol.dispose](); // harmless after free()
  const stream = streamPromptAssistant({ instruction: 'hi' }, { baseUrl: 'https://example.invalid' });
  stream.abort();
  stream.free();
  return events;
}
