// A correct consumer: must compile under `tsc --strict`.
import init, {
  AssistantSession,
  replay,
  variableNames,
  findVariables,
  validateDraft,
  diffPrompts,
  renderDiffHtml,
  version,
  streamPromptAssistant,
} from 'prompt-assist';
import type {
  Mode,
  AssistantEvent,
  SessionSnapshot,
  DraftValidation,
  PromptDiff,
  ValidationIssue,
  VariableRef,
  DiffOp,
  SectionChange,
  ErrorSource,
  WarningCode,
  SessionOptions,
  StreamOptions,
  PromptAssistantRequest,
  PromptAssistantStream,
  VariableContext,
} from 'prompt-assist';

await init();
await init(new URL('https://cdn.example/prompt_assist_bg.wasm'));
declare const compiled: WebAssembly.Module;
await init(compiled);
await init({ module_or_path: fetch('/prompt_assist_bg.wasm') });
await init(new Uint8Array([0, 97, 115, 109]));
const v: string = version();

const context: VariableContext = { firstName: 'Alex', contact: { email: 'x' } };
const options: SessionOptions = { currentPrompt: '<prompt/>', variableContext: context, maxLineBytes: 1024 };
const session = new AssistantSession(options);
const batch: AssistantEvent[] = session.push(new Uint8Array([0x7b]));
session.push('{"type":"done"}\n');
const more: AssistantEvent[] = session.finish();
const snap: SessionSnapshot = session.snapshot();
const mode: Mode | null = snap.mode;
const label: string | undefined = snap.status?.label;
const draftOk: boolean | undefined = snap.draft?.validation.ok;
session.free();

function describe(ev: AssistantEvent): string {
  switch (ev.type) {
    case 'mode':
      return ev.mode + (ev.label ?? '');
    case 'status':
      return ev.message ?? '';
    case 'assistant-delta':
    case 'reasoning-delta':
      return ev.delta;
    case 'draft-ready': {
      const validation: DraftValidation = ev.validation;
      const diff: PromptDiff = ev.diff;
      return ev.prompt + validation.ok + diff.unified;
    }
    case 'ai-setup-required':
      return ev.provider ?? '';
    case 'error': {
      const source: ErrorSource = ev.source;
      const retry: number | undefined = ev.retryAfterMs;
      return `${source} ${ev.code} ${ev.message} ${ev.status ?? ''} ${retry ?? ''}`;
    }
    case 'done':
      return 'done';
    case 'warning': {
      const code: WarningCode = ev.code;
      return code + (ev.line ?? '');
    }
    case 'unknown':
      return ev.rawType + Object.keys(ev.data).join();
    case 'retry': {
      const status: number | undefined = ev.status;
      return `retry ${ev.attempt} in ${ev.delayMs} ms after ${ev.code} ${status ?? ''}`;
    }
    default: {
      const exhaustive: never = ev;
      return exhaustive;
    }
  }
}
[...batch, ...more].map(describe);

const { events, snapshot } = replay(new TextEncoder().encode('{"type":"done"}'), { currentPrompt: '' });
events.length + snapshot.events;

const names: string[] = variableNames(context);
const refs: VariableRef[] = findVariables('Hi @firstName', context);
const known: boolean | null = refs[0]?.known ?? null;
const validation = validateDraft('<prompt/>');
const issue: ValidationIssue | undefined = validation.issues[0];
const suggestion: string | undefined = issue?.suggestion;
const diff = diffPrompts('<prompt/>', '<prompt><goal>x</goal></prompt>');
const op: DiffOp | undefined = diff.ops[0];
const section: SectionChange | undefined = diff.sections[0];
const before: string | null | undefined = section?.before;
const html: string = renderDiffHtml(diff) + renderDiffHtml(diff, { layout: 'split' }) + renderDiffHtml(diff, {});

const request: PromptAssistantRequest = {
  instruction: 'Write it',
  currentPrompt: '<prompt/>',
  conversationHistory: [{ role: 'user', content: 'hi' }],
  variableContext: context,
  assistedMode: true,
  modelOverride: { provider: 'openai', model: 'x' },
};
const controller = new AbortController();
const streamOptions: StreamOptions = {
  baseUrl: 'https://x.example',
  token: 't',
  signal: controller.signal,
  headers: { 'X-A': 'b' },
  idleTimeoutMs: 0,
  maxRetries: 1,
  maxLineBytes: 10,
};
const stream: PromptAssistantStream = streamPromptAssistant(request, streamOptions);
for await (const ev of stream) {
  if (ev.type === 'assistant-delta') {
    const delta: string = ev.delta;
    delta.toUpperCase();
  }
  if (ev.type === 'done') break;
}
const first = await stream.next();
if (!first.done) {
  const ev: AssistantEvent = first.value;
  describe(ev);
}
await stream.return();
stream.abort();
const phase: SessionSnapshot['phase'] = stream.snapshot().phase;
const asyncIterable: AsyncIterable<AssistantEvent> = stream;
const contractShape: AsyncIterableIterator<AssistantEvent> = stream; // API.md §5 declares it so
void contractShape;

export { v, mode, label, draftOk, names, known, suggestion, op, before, html, phase, asyncIterable };
