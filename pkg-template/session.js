// AssistantSession.push, written over the module's `__pushBatch` and `__batchOps` (the split
// batch of src/session/batch.rs): the module hands over the text of every delta as one string
// and one word per event, so a delta event costs a `slice` of that string instead of a
// `JSON.parse` of its line; the other events come as one JSON array after the texts, the start
// of which a large draft hands over early, as strings pushed onto `pieces`.
// Not the rest of AssistantSession (the glue's class) and not its lifecycle (lifecycle.js).

const OP_JSON = 0;
const OP_ASSISTANT = 1;

/**
 * Puts `push` on the glue's AssistantSession class. Called once by api.js, before lifecycle.js
 * guards the class's methods (so `push` is guarded like the rest).
 */
export function definePush(Session) {
  Object.defineProperty(Session.prototype, 'push', {
    value: {
      push(chunk) {
        const pieces = [];
        const text = this.__pushBatch(chunk, pieces);
        return events(text, this.__batchOps(), pieces);
      },
    }.push,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

// `ops[0]`: the UTF-16 length of the texts, where the JSON array starts; then per event
// `units << 2 | kind`.
// `pieces`: the start of the JSON array, handed over while a draft was written.
function events(text, ops, pieces) {
  const out = new Array(ops.length - 1);
  let json;
  let next = 0;
  let at = 0;
  for (let i = 1; i < ops.length; i++) {
    const op = ops[i];
    const kind = op & 3;
    if (kind === OP_JSON) {
      json ??= JSON.parse(pieces.length ? pieces.join('') + text.slice(ops[0]) : text.slice(ops[0]));
      out[i - 1] = json[next++];
    } else {
      const end = at + (op >>> 2);
      const delta = text.slice(at, end);
      out[i - 1] = kind === OP_ASSISTANT ? { type: 'assistant-delta', delta } : { type: 'reasoning-delta', delta };
      at = end;
    }
  }
  return out;
}
