/**
 * The argument forms of the commands (keybindings, tasks, other extensions, tests): parsed
 * with their zod schema, refused with the command and the argument at fault named.
 */
import type * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import '../core/zodMessages';

export function parseArgs<T>(schema: z.ZodMiniType<T>, args: unknown, command: string): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'the argument';
  throw new ImagesmithError('invalid-input', `${command}: ${where} ${issue?.message ?? 'is not valid'}.`, {
    parameter: issue?.path.join('.'),
  });
}
