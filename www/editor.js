// @ts-check
// The prompt editor on CodeMirror 6, wired to the package the way an editor team would:
// - live lint from `validateDraft` (underlines, the message on hover, a quick fix where the issue
//   has a suggestion), debounced by the lint extension;
// - `@variable` completion from `completeVariables`, whose result is CodeMirror's
//   `CompletionResult` and is returned from the completion source as it is;
// - `@variable` references marked from `findVariables` (the package's grammar, not a regex here);
// - `applyEdits`, which applies `mergeDraft`'s edits as one transaction: one undo step, and the
//   cursor stays where it was in text the edits do not touch.
// Positions are the package's UTF-16 code units, which is what CodeMirror counts too.
//
// Also `createSourceView`: a read-only view of a draft with its issues underlined.

import { EditorState, StateEffect, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, Decoration, ViewPlugin, keymap, lineNumbers, highlightActiveLine,
  highlightActiveLineGutter, drawSelection, highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from '@codemirror/commands';
import { xml } from '@codemirror/lang-xml';
import { HighlightStyle, syntaxHighlighting, bracketMatching } from '@codemirror/language';
import { autocompletion, completionKeymap, pickedCompletion, startCompletion } from '@codemirror/autocomplete';
import { linter, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { tags } from '@lezer/highlight';
import { validateDraft, completeVariables, findVariables } from 'prompt-assist';

/** @typedef {import('prompt-assist').VariableContext} VariableContext */
/** @typedef {import('prompt-assist').ValidationIssue} ValidationIssue */
/** @typedef {import('prompt-assist').DraftValidation} DraftValidation */
/** @typedef {import('prompt-assist').TextEdit} TextEdit */
/** @typedef {import('@codemirror/lint').Diagnostic} Diagnostic */

// Colours come from the page's CSS variables, so the editor follows the theme switch.
const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--code-bg)', color: 'var(--text)', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': { backgroundColor: 'var(--selection)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--gutter)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionDetail': { opacity: '.75', fontStyle: 'normal', marginLeft: '.8em' },
  '.cm-diagnostic': { fontFamily: 'system-ui, sans-serif', maxWidth: '32rem' },
  '.cm-diagnosticAction': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-pa-var': { color: 'var(--syn-var)', fontWeight: '600' },
});

const highlight = HighlightStyle.define([
  { tag: [tags.tagName, tags.angleBracket], color: 'var(--syn-tag)' },
  { tag: tags.attributeName, color: 'var(--syn-attr)' },
  { tag: tags.attributeValue, color: 'var(--syn-string)' },
  { tag: [tags.comment, tags.processingInstruction, tags.documentMeta], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: tags.character, color: 'var(--syn-attr)' },
]);

/** Clamps an issue to the document and gives it at least one character where there is one. */
function range(/** @type {ValidationIssue} */ issue, /** @type {number} */ length) {
  const from = Math.min(Math.max(0, issue.start), length);
  let to = Math.min(Math.max(issue.end, from), length);
  if (to === from && to < length) to += 1;
  return { from, to };
}

/**
 * The issues as CodeMirror diagnostics. An unknown variable or a `{{placeholder}}` with a
 * suggestion gets a quick fix that writes `@suggestion` in its place.
 * @param {ValidationIssue[]} issues
 * @param {number} length
 * @returns {Diagnostic[]}
 */
export function diagnostics(issues, length) {
  return issues.map((issue) => {
    const { from, to } = range(issue, length);
    /** @type {Diagnostic} */
    const d = { from, to, severity: issue.severity, message: issue.message, source: issue.code };
    const suggestion = issue.suggestion;
    if (suggestion && (issue.code === 'unknown-variable' || issue.code === 'placeholder-syntax')) {
      d.actions = [{
        name: `Use @${suggestion}`,
        apply: (view, a, b) => view.dispatch({ changes: { from: a, to: b, insert: `@${suggestion}` }, userEvent: 'input.fix' }),
      }];
    }
    return d;
  });
}

/** The variable context changed: references are marked again. */
const contextChanged = StateEffect.define();

/** Marks every `@reference` that `findVariables` finds (the package's grammar). */
function variableMarks(/** @type {() => VariableContext | undefined} */ context) {
  const mark = Decoration.mark({ class: 'cm-pa-var' });
  const build = (/** @type {EditorView} */ view) => {
    /** @type {RangeSetBuilder<Decoration>} */
    const builder = new RangeSetBuilder();
    const text = view.state.doc.toString();
    for (const ref of findVariables(text, context())) {
      if (ref.end > ref.start && ref.end <= text.length) builder.add(ref.start, ref.end, mark);
    }
    return builder.finish();
  };
  class Marks {
    constructor(/** @type {EditorView} */ view) {
      this.decorations = build(view);
    }

    update(/** @type {import('@codemirror/view').ViewUpdate} */ u) {
      if (u.docChanged || u.transactions.some((t) => t.effects.some((e) => e.is(contextChanged)))) this.decorations = build(u.view);
    }
  }
  return ViewPlugin.fromClass(Marks, { decorations: (v) => v.decorations });
}

/**
 * The prompt editor.
 * @param {HTMLElement} parent
 * @param {{
 *   doc: string,
 *   context: () => VariableContext | undefined,
 *   onValidation?: (validation: DraftValidation) => void,
 *   onChange?: (update: import('@codemirror/view').ViewUpdate) => void,
 *   label?: string,
 * }} options
 */
export function createPromptEditor(parent, { doc, context, onValidation, onChange, label = 'Prompt XML' }) {
  const lint = linter((view) => {
    const text = view.state.doc.toString();
    const validation = validateDraft(text, context());
    onValidation?.(validation);
    return diagnostics(validation.issues, text.length);
  }, {
    delay: 250,
    // A changed variable context changes the issues too.
    needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(contextChanged))),
  });

  // Completion: what the package returns is a CompletionResult (or null) as it is.
  /** @type {import('@codemirror/autocomplete').CompletionSource} */
  const variables = (ctx) => completeVariables(ctx.state.doc.toString(), ctx.pos, context() ?? {});

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        xml(),
        syntaxHighlighting(highlight),
        autocompletion({ override: [variables], icons: false }),
        lint,
        lintGutter(),
        variableMarks(context),
        keymap.of([indentWithTab, ...completionKeymap, ...lintKeymap, ...searchKeymap, ...historyKeymap, ...defaultKeymap]),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false', autocapitalize: 'off' }),
        EditorView.updateListener.of((u) => {
          // Picking a scope (`contact.`) goes on to the names inside it.
          if (u.transactions.some((t) => t.annotation(pickedCompletion)?.type === 'namespace')) {
            queueMicrotask(() => startCompletion(u.view));
          }
          if (u.docChanged) onChange?.(u);
        }),
      ],
    }),
  });

  return {
    view,
    /** The prompt as it is now. */
    text: () => view.state.doc.toString(),
    /** Replaces the whole prompt (one undoable step). */
    setText(/** @type {string} */ text) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        annotations: isolateHistory.of('full'),
        userEvent: 'set',
      });
    },
    /**
     * Applies a merge's edits (UTF-16 positions in the current text, sorted, not overlapping)
     * as ONE transaction: one undo restores the text before, and the selection is mapped
     * through the changes, so a cursor in untouched text stays where it was.
     * @param {TextEdit[]} edits
     */
    applyEdits(edits) {
      view.dispatch({
        changes: edits.map(({ from, to, insert }) => ({ from, to, insert })),
        annotations: isolateHistory.of('full'),
        userEvent: 'apply-draft',
      });
    },
    /** Selects [from, to), focuses the editor and scrolls the selection into view. */
    select(/** @type {number} */ from, /** @type {number} */ to) {
      const len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, len), head: Math.min(to, len) }, scrollIntoView: true });
      view.focus();
    },
    /** Lints again (after the variable context changed) and re-marks references. */
    relint() {
      view.dispatch({ effects: contextChanged.of(null) });
    },
  };
}

/**
 * A read-only view of a draft, its issues underlined (hover for the message).
 * @param {HTMLElement} parent
 * @param {string} label
 */
export function createSourceView(parent, label) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        EditorState.readOnly.of(true),
        drawSelection(),
        xml(),
        syntaxHighlighting(highlight),
        lintGutter(),
        linter(null),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label, 'aria-readonly': 'true' }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    /** Shows `text` with `issues` underlined. */
    show(/** @type {string} */ text, /** @type {ValidationIssue[]} */ issues) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
      view.dispatch(setDiagnostics(view.state, diagnostics(issues, text.length)));
    },
    select(/** @type {number} */ from, /** @type {number} */ to) {
      view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
      view.focus();
    },
  };
}
