/**
 * zod/mini registers no words for its issues: English for the messages that reach people
 * in English by decision (the argument forms' and the chat tool's input errors, the export
 * recipes). Imported for this effect by the modules that word those errors; the webview
 * words its own (sidebar/validate.ts) and never imports this.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
