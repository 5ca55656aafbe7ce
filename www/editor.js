// A plain <textarea> dressed as a code editor: a line-number gutter, and a highlight layer behind
// the (transparent) textarea that underlines issue ranges. Text is only ever inserted with
// text nodes, never as HTML. Positions are JS string indices (UTF-16 code units), as the package
// reports them.

export class CodeEditor {
  constructor(root) {
    this.root = root;
    this.textarea = root.querySelector('textarea');
    this.gutter = root.querySelector('.gutter');
    this.highlight = root.querySelector('.highlight');
    this.issues = [];
    this.lines = 0;
    this.textarea.addEventListener('input', () => this.render());
    this.textarea.addEventListener('scroll', () => this.syncScroll());
    new ResizeObserver(() => this.syncScroll()).observe(this.textarea);
    this.render();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.issues = [];
    this.render();
  }

  setIssues(issues) {
    this.issues = issues;
    this.render();
  }

  render() {
    const text = this.textarea.value;
    const lines = text.split('\n').length;
    if (lines !== this.lines) {
      this.lines = lines;
      let numbers = '';
      for (let i = 1; i <= lines; i++) numbers += `${i}\n`;
      this.gutter.textContent = numbers;
    }
    const frag = document.createDocumentFragment();
    let at = 0;
    const ranges = this.issues
      .map((i) => ({ ...i, start: Math.max(0, i.start), end: Math.min(text.length, Math.max(i.end, i.start + 1)) }))
      .filter((i) => i.start < text.length)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    for (const issue of ranges) {
      if (issue.start < at) continue; // overlapping ranges: the first one wins the underline
      if (issue.start > at) frag.append(text.slice(at, issue.start));
      const mark = document.createElement('mark');
      mark.className = `issue-${issue.severity}`;
      mark.textContent = text.slice(issue.start, issue.end);
      frag.append(mark);
      at = issue.end;
    }
    frag.append(text.slice(at));
    // A trailing newline needs a character after it, or the layer is one line short of the textarea.
    frag.append('\n ');
    this.highlight.replaceChildren(frag);
    this.syncScroll();
  }

  syncScroll() {
    const { scrollTop, scrollLeft } = this.textarea;
    this.highlight.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
    this.gutter.style.transform = `translateY(${-scrollTop}px)`;
  }

  /** The rendered width of `text` in the editor's font, in CSS pixels. */
  textWidth(text) {
    this.canvas ??= document.createElement('canvas').getContext('2d');
    const style = getComputedStyle(this.textarea);
    this.canvas.font = `${style.fontSize} ${style.fontFamily}`;
    return this.canvas.measureText(text.replace(/\t/g, '  ')).width;
  }

  /** Selects [start, end) in the textarea, focuses it and scrolls the selection into view. */
  select(start, end) {
    const ta = this.textarea;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(start, end);
    const line = ta.value.slice(0, start).split('\n').length;
    const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 18;
    const top = (line - 1) * lineHeight;
    if (top < ta.scrollTop || top > ta.scrollTop + ta.clientHeight - 2 * lineHeight) {
      ta.scrollTop = Math.max(0, top - ta.clientHeight / 3);
    }
    // Lines do not wrap: bring the selection's column into view too.
    const lineStart = ta.value.lastIndexOf('\n', start - 1) + 1;
    const left = this.textWidth(ta.value.slice(lineStart, start));
    if (left < ta.scrollLeft || left > ta.scrollLeft + ta.clientWidth - 40) {
      ta.scrollLeft = Math.max(0, left - ta.clientWidth / 3);
    }
    this.root.scrollIntoView({ block: 'nearest' });
    this.syncScroll();
  }
}
