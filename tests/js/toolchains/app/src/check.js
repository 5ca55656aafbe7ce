// What every toolchain app checks, in the page and in a module worker: a call before init()
// throws and says to call "await init()", init() compiles the module with
// WebAssembly.instantiateStreaming, and validateDraft gives the expected result; then the same
// for prompt-assist/lite (checkBoth). No top-level await, as the package README's examples.
export function check({ init, validateDraft }) {
  let before = 'no error';
  try {
    validateDraft('<prompt/>');
  } catch (error) {
    before = `${error.constructor.name}: ${error.message}`;
  }
  let streamed = false;
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  if (instantiateStreaming) {
    WebAssembly.instantiateStreaming = (...args) => {
      streamed = true;
      return instantiateStreaming.apply(WebAssembly, args);
    };
  }
  const start = performance.now();
  return init().then(() => {
    const initMs = performance.now() - start;
    const v = validateDraft('<prompt><goal>Hi @frstName</goal></prompt>', { firstName: 'Alex' });
    return {
      before,
      streamed,
      initMs,
      ok: v.ok,
      issues: v.issues.map((i) => [i.code, i.variable, i.suggestion, i.start, i.end]),
    };
  });
}

// The main module, then prompt-assist/lite (one after the other, so that each `streamed` is its
// own module's): the main result with the lite one as `lite`.
export function checkBoth(main, lite) {
  return check(main).then((result) => check(lite).then((liteResult) => ({ ...result, lite: liteResult })));
}
