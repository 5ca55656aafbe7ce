// @ts-check
// Runs inside a module Web Worker: no DOM, no window. Proves the package loads and works there.
// The package is imported by the URL the page resolved (import maps do not reach workers).
/** @typedef {typeof import('prompt-assist')} Package */

self.addEventListener('message', async (/** @type {MessageEvent<{ entry: string, baseUrl: string, token: string, scenario: string }>} */ e) => {
  const { entry, baseUrl, token, scenario } = e.data;
  /** @type {{ ok: boolean, steps: string[], version?: string, replay?: object, validate?: object, stream?: object, error?: string }} */
  const out = { ok: false, steps: [] };
  try {
    /** @type {Package} */
    const pkg = await import(entry);
    await pkg.default();
    out.version = pkg.version();
    out.steps.push('init');

    const nd = '{"type":"mode","mode":"chat"}\n{"type":"assistant-delta","delta":"Hi "}\n{"type":"assistant-delta","delta":"@firstName"}\n{"type":"done"}\n';
    const { events, snapshot } = pkg.replay(new TextEncoder().encode(nd));
    out.replay = { types: events.map((ev) => ev.type), phase: snapshot.phase, assistantText: snapshot.assistantText };
    out.steps.push('replay');

    const v = pkg.validateDraft('<prompt><goal>Greet @frstName</goal></prompt>', { firstName: 'Alex' });
    out.validate = { ok: v.ok, codes: v.issues.map((i) => i.code), suggestion: v.issues[0]?.suggestion ?? null };
    out.steps.push('validateDraft');

    const stream = pkg.streamPromptAssistant(
      { instruction: 'Add a tone section', currentPrompt: '<prompt><goal>Tours.</goal></prompt>' },
      { baseUrl, token, headers: { 'x-mock-scenario': scenario }, maxRetries: 0 },
    );
    const types = [];
    for await (const ev of stream) types.push(ev.type);
    // One snapshot, at the end.
    const snap = stream.snapshot();
    out.stream = { types, phase: snap.phase, mode: snap.mode, hasDraft: snap.draft !== null, draftOk: snap.draft?.validation.ok ?? null };
    out.steps.push('streamPromptAssistant');
    out.ok = true;
  } catch (err) {
    out.error = err instanceof Error ? String(err.stack ?? err) : String(err);
  }
  self.postMessage(out);
});
