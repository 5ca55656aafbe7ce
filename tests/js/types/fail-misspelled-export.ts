// Must NOT compile: the export is `streamPromptAssistant`.
import { streamPromptAsistant } from 'prompt-assist';

console.log(streamPromptAsistant);
