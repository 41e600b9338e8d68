import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { ImagesmithError } from '../core/errors';
import type { ImageProvider } from '../core/types';
import { automatic1111Edit, automatic1111Edits } from './automatic1111Edit';
import { automatic1111Lists, resolveSampler, runJob, samplerToSend, samplingFields } from './automatic1111Server';
import { defined, numberField, widthAndHeight, textField, type InfotextFields, type RecalledParams } from './fromInfotext';
import { automatic1111Params as params } from './params/automatic1111';

export { PROGRESS_INTERVAL_MS } from './automatic1111Progress';
export { automatic1111ErrorDetail, automatic1111Lists, resolveSampler } from './automatic1111Server';

const LABEL = 'AUTOMATIC1111';

export type Automatic1111Params = z.infer<typeof params>;

export const automatic1111: ImageProvider<typeof params> = {
  id: 'automatic1111',
  label: LABEL,
  needsKey: false,
  optionalKey: 'user:password, as given to the web UI’s --api-auth',
  defaultBaseUrl: 'http://127.0.0.1:7860/',
  takesNegativePrompt: true,
  params,
  recall: automatic1111ParamsFromInfotext,

  async check(request, ctx) {
    const lists = await automatic1111Lists(ctx);
    if (!lists) return;
    const { samplerName, scheduler, checkpoint } = request.params;
    // A current server would silently use its first sampler instead of an unknown one.
    const resolved = resolveSampler(lists, samplerName, scheduler);
    if (!resolved) {
      throw new ImagesmithError('invalid-input', l10n.t('{0}: Sampler (samplerName) must be one of {1}; got "{2}".', LABEL, lists.samplers.join(', '), samplerName), {
        provider: LABEL,
        parameter: 'samplerName',
      });
    }
    if (resolved.scheduler && lists.schedulers.length === 0) {
      throw new ImagesmithError(
        'invalid-input',
        l10n.t('{0}: this web UI has no separate schedule types (it is older than 1.9); leave Schedule type (scheduler) empty and pick a sampler that names it, such as "DPM++ 2M Karras".', LABEL),
        { provider: LABEL, parameter: 'scheduler' },
      );
    }
    if (resolved.scheduler && !lists.schedulerNames.has(resolved.scheduler)) {
      throw new ImagesmithError('invalid-input', l10n.t('{0}: Schedule type (scheduler) must be one of {1}; got "{2}".', LABEL, lists.schedulers.join(', '), resolved.scheduler), {
        provider: LABEL,
        parameter: 'scheduler',
      });
    }
    if (checkpoint && !lists.checkpointNames.has(checkpoint)) {
      const message =
        lists.checkpoints.length > 0
          ? l10n.t('{0}: Checkpoint (checkpoint) must be one of {1}; got "{2}".', LABEL, lists.checkpoints.join(', '), checkpoint)
          : l10n.t('{0}: Checkpoint (checkpoint) must be a checkpoint the server has (it lists none); got "{1}".', LABEL, checkpoint);
      throw new ImagesmithError('invalid-input', message, {
        provider: LABEL,
        parameter: 'checkpoint',
      });
    }
  },

  async choices(ctx) {
    const lists = await automatic1111Lists(ctx);
    const none: Readonly<Record<string, readonly string[]>> = {};
    // The empty choice keeps whatever checkpoint the server has loaded, which costs no model switch.
    if (!lists) return none;
    // The empty schedule type leaves it to the sampler, as the web UI's Automatic does.
    return { samplerName: lists.samplers, checkpoint: ['', ...lists.checkpoints], ...(lists.schedulers.length > 0 ? { scheduler: ['', ...lists.schedulers] } : {}) };
  },

  async generate(request, ctx) {
    const p = request.params;
    // The server looks samplers up by name only; an alias or a name with its schedule type is sent as the server means it.
    const { sampler, scheduler } = await samplerToSend(ctx, p.samplerName, p.scheduler);
    const body = {
      prompt: request.prompt,
      negative_prompt: request.negativePrompt ?? '',
      ...samplingFields(p, sampler, scheduler),
    };
    return runJob('sdapi/v1/txt2img', body, { seed: p.seed, checkpoint: p.checkpoint, sampler, scheduler }, ctx);
  },

  edits: automatic1111Edits,
  edit: (request, ctx) => automatic1111Edit(request, ctx),

  infotext(request, result) {
    const p = request.params;
    // The server's own account first: it may have used another checkpoint or sampler than the one asked for.
    const model = result.model || p.checkpoint;
    const scheduleType = result.reported?.['Schedule type'];
    return [
      ['Steps', p.steps],
      ['Sampler', result.reported?.Sampler ?? p.samplerName],
      ...(scheduleType ? ([['Schedule type', scheduleType]] as const) : []),
      ['CFG scale', p.cfgScale],
      ...(result.seed === undefined ? [] : ([['Seed', result.seed]] as const)),
      ['Size', `${p.width}x${p.height}`],
      ...(model ? ([['Model', model]] as const) : []),
      ...(p.batchSize > 1 ? ([['Batch size', p.batchSize]] as const) : []),
    ];
  },
};

/** The inverse of `infotext()`; also reads images the web UI made itself, which write the same fields. */
export function automatic1111ParamsFromInfotext(fields: InfotextFields): RecalledParams {
  return defined({
    checkpoint: textField(fields, 'Model'),
    samplerName: textField(fields, 'Sampler'),
    scheduler: textField(fields, 'Schedule type') ?? '',
    steps: numberField(fields, 'Steps'),
    cfgScale: numberField(fields, 'CFG scale'),
    seed: numberField(fields, 'Seed') ?? -1,
    ...widthAndHeight(fields),
    batchSize: numberField(fields, 'Batch size') ?? 1,
  });
}
