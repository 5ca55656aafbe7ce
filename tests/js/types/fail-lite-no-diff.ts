// Must NOT compile: prompt-assist/lite only validates and completes; the diff is the main package's.
import { diffPrompts } from 'prompt-assist/lite';

console.log(diffPrompts);
