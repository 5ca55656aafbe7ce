// Must NOT compile: `instruction` is a string.
import { streamPromptAssistant } from 'prompt-assist';

streamPromptAssistant({ instruction: 42 }, { baseUrl: 'https://x.example' });
