// Must NOT compile: the layout is 'inline' or 'split'.
import { diffPrompts, renderDiffHtml } from 'prompt-assist';

console.log(renderDiffHtml(diffPrompts('a', 'b'), { layout: 'sideways' }));
