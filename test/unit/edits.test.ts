import { strict as assert } from 'node:assert';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { maskFromBytes, recallEdit, sourceFromBytes, type EditRequest } from '../../src/core/edit';
import { parseInfotext } from '../../src/core/infotext';
import { cutoutVerdict } from '../../src/core/cutout';
import { alphaMaskPng, decodePng, readMask, whiteMaskPng } from '../../src/core/mask';
import { readPngText } from '../../src/core/pngText';
import { DEFAULT_EDIT_WORKFLOW } from '../../src/providers/params/comfyui';
import { REMOVE_BACKGROUND_PROMPT } from '../../src/providers/openaiEdit';
import { startAutomatic1111, type Automatic1111Server } from '../fixtures/automatic1111';
import { startComfyui, type ComfyuiServer } from '../fixtures/comfyui';
import { checkerboardPng, makePng, pngFromRows, tinyJpeg } from '../fixtures/images';
import { startOpenai, type OpenaiServer } from '../fixtures/openai';
import { makeRgbaPng } from '../fixtures/rgbaPng';
import { multipartParts, type FormPart, type RecordedRequest } from '../fixtures/server';
import { startStability, type StabilityServer } from '../fixtures/stability';
import { failure, harness, type Harness } from './support';

const KEY = 'sk-test-edit-0123456789';
/** The README's example edit workflow, as a person would save it. */
const EDIT_WORKFLOW: unknown = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', 'comfyui', 'workflow_edit_api.json'), 'utf8'));

/** An 8-bit grey PNG: `white(x, y)` pixels are 255, the rest 0. */
function greyPng(width: number, height: number, white: (x: number, y: number) => boolean): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = white(x, y) ? 255 : 0;
  return pngFromRows(width, height, 0, raw);
}

/** A PNG's pixels as its encoder wrote them (rows with filter 0), read without Imagesmith's decoder. */
function rawPixels(png: Buffer): { width: number; height: number; colour: number; rows: Buffer[] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colour = png[25] ?? 0;
  const channels = colour === 6 ? 4 : colour === 2 ? 3 : 1;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels + 1;
  return { width, height, colour, rows: Array.from({ length: height }, (_, y) => { assert.equal(raw[y * stride], 0); return raw.subarray(y * stride + 1, (y + 1) * stride); }) };
}

const files = (parts: readonly FormPart[] | undefined) => (parts ?? []).filter((p): p is Extract<FormPart, { bytes: Buffer }> => 'bytes' in p);
const texts = (parts: readonly FormPart[] | undefined) => Object.fromEntries((parts ?? []).flatMap((p) => ('value' in p ? [[p.name, p.value] as const] : [])));

async function partsOf(request: RecordedRequest | undefined): Promise<FormPart[]> {
  assert.ok(request?.bodyBase64, 'a multipart request was sent');
  const parts = await multipartParts(request.bodyBase64, request.headers['content-type']);
  assert.ok(parts, 'the body parses as multipart');
  return parts;
}

const SOURCE = makePng(64, 64, { seed: 7 });
/** Repaints the left half. */
const LEFT_HALF = greyPng(64, 64, (x) => x < 32);

function edit(operation: EditRequest['operation'], extra: Partial<EditRequest> = {}): EditRequest {
  return { operation, source: sourceFromBytes('art/hero.png', SOURCE), references: [], ...extra };
}

async function infotextOf(h: Harness, name: string): Promise<Map<string, string>> {
  const text = (await readPngText(await fs.readFile(path.join(h.folder, name)))).get('parameters') ?? '';
  return parseInfotext(text).fields;
}

describe('cut-outs', () => {
  it('tell real transparency, an opaque image and a painted checkerboard apart', () => {
    assert.equal(cutoutVerdict(decodePng(makeRgbaPng(64, 64, 4))), 'transparent');
    assert.equal(cutoutVerdict(decodePng(makePng(64, 64))), 'opaque');
    assert.equal(cutoutVerdict(decodePng(checkerboardPng(64, 64))), 'checkerboard');
  });
});

describe('masks', () => {
  it('reads white as repaint in an opaque mask and transparency as repaint in one with alpha', () => {
    const white = readMask(LEFT_HALF);
    assert.equal(white.coverage[0], 255);
    assert.equal(white.coverage[40], 0);
    const alpha = readMask(makeRgbaPng(64, 64, 8));
    assert.equal(alpha.coverage[0], 255, 'the transparent border is repainted');
    assert.equal(alpha.coverage[20 * 64 + 20], 0, 'the opaque inside is kept');
  });

  it('writes OpenAI’s form (RGBA, transparent where repainted) and the others’ (grey, white where repainted)', () => {
    const mask = readMask(LEFT_HALF);
    const openai = rawPixels(Buffer.from(alphaMaskPng(mask)));
    assert.equal(openai.colour, 6);
    assert.deepEqual([...openai.rows[0]!.subarray(0, 4)], [0, 0, 0, 0]);
    assert.deepEqual([...openai.rows[0]!.subarray(40 * 4, 40 * 4 + 4)], [0, 0, 0, 255]);
    const grey = rawPixels(Buffer.from(whiteMaskPng(mask)));
    assert.equal(grey.colour, 0);
    assert.equal(grey.rows[5]![0], 255);
    assert.equal(grey.rows[5]![40], 0);
  });

  it('refuses a mask of another size, and one that marks nothing', () => {
    const source = sourceFromBytes('a.png', SOURCE);
    assert.throws(() => maskFromBytes('m.png', greyPng(32, 32, () => true), source), /32×32 pixels and the image a\.png is 64×64/);
    assert.throws(() => maskFromBytes('m.png', greyPng(64, 64, () => false), source), /marks nothing to repaint/);
  });
});

describe('OpenAI edits and variations', () => {
  let server: OpenaiServer;
  let h: Harness;
  before(async () => {
    server = await startOpenai({ validKeys: [KEY] });
  });
  after(async () => server.close());
  beforeEach(async () => {
    server.reset();
    h = await harness({ openai: server.url });
  });
  afterEach(async () => h.close());

  it('sends several images as image[] with their types, and the mask as RGBA with alpha 0 where repainted', async () => {
    const second = makePng(48, 48, { seed: 3 });
    const mask = maskFromBytes('mask.png', LEFT_HALF, sourceFromBytes('art/hero.png', SOURCE));
    const [saved] = await h.run(
      {
        provider: 'openai',
        prompt: 'make it night',
        params: { model: 'gpt-image-1', inputFidelity: 'high', size: '1024x1024' },
        edit: edit('edit', { references: [sourceFromBytes('art/ref.png', second)], mask }),
      },
      { apiKey: KEY },
    );
    const request = server.requests[0];
    assert.equal(request?.path, '/v1/images/edits');
    const parts = await partsOf(request);
    assert.deepEqual(texts(parts), { prompt: 'make it night', model: 'gpt-image-1', n: '1', size: '1024x1024', quality: 'auto', background: 'auto', output_format: 'png', input_fidelity: 'high' });
    const [one, two, maskPart] = files(parts);
    assert.deepEqual([one?.name, one?.filename, one?.type], ['image[]', 'hero.png', 'image/png']);
    assert.ok(one?.bytes.equals(SOURCE), 'the source goes byte for byte');
    assert.deepEqual([two?.name, two?.filename], ['image[]', 'ref.png']);
    assert.ok(two?.bytes.equals(second));
    assert.deepEqual([maskPart?.name, maskPart?.type], ['mask', 'image/png']);
    const pixels = rawPixels(maskPart!.bytes);
    assert.equal(pixels.rows[10]![10 * 4 + 3], 0, 'transparent where repainted');
    assert.equal(pixels.rows[10]![50 * 4 + 3], 255, 'opaque where kept');
    assert.ok(saved);
    const fields = await infotextOf(h, saved.name);
    assert.equal(fields.get('Source'), 'art/hero.png');
    assert.equal(fields.get('References'), 'art/ref.png');
    assert.equal(fields.get('Mask'), 'painted');
    assert.equal(fields.get('Input fidelity'), 'high');
    assert.deepEqual(recallEdit(fields), { operation: 'edit', source: 'art/hero.png', references: ['art/ref.png'], mask: 'painted' });
  });

  it('sends one image as image', async () => {
    await h.run({ provider: 'openai', prompt: 'flatter', params: { model: 'gpt-image-1-mini' }, edit: edit('edit') }, { apiKey: KEY });
    const parts = await partsOf(server.requests[0]);
    assert.deepEqual(files(parts).map((p) => p.name), ['image']);
    assert.equal(texts(parts).input_fidelity, undefined, 'gpt-image-1-mini takes no input fidelity');
  });

  it('makes variations with dall-e-2 and no prompt, named after the source', async () => {
    const [saved] = await h.run({ provider: 'openai', prompt: '', params: { n: 2 }, edit: edit('variations') }, { apiKey: KEY });
    const request = server.requests[0];
    assert.equal(request?.path, '/v1/images/variations');
    const parts = await partsOf(request);
    assert.deepEqual(texts(parts), { model: 'dall-e-2', n: '2', size: '1024x1024', response_format: 'b64_json' });
    assert.match(saved?.name ?? '', /-hero-variation(-\d)?\.png$/);
    const fields = await infotextOf(h, saved!.name);
    assert.equal(fields.get('Model'), 'dall-e-2');
    assert.equal(fields.get('Operation'), 'variations');
  });

  it('refuses a variation of a JPEG or a non-square image before sending', async () => {
    const jpeg = await failure(h.run({ provider: 'openai', prompt: '', edit: { ...edit('variations'), source: sourceFromBytes('p.jpg', tinyJpeg()) } }, { apiKey: KEY }));
    assert.match(jpeg.message, /take a PNG; p\.jpg is a JPEG/);
    const wide = await failure(h.run({ provider: 'openai', prompt: '', edit: { ...edit('variations'), source: sourceFromBytes('w.png', makePng(64, 32)) } }, { apiKey: KEY }));
    assert.match(wide.message, /square image; w\.png is 64×32/);
    assert.equal(server.requests.length, 0);
  });

  it('removes a background with a GPT image model’s transparent background', async () => {
    await h.run({ provider: 'openai', prompt: '', params: { model: 'dall-e-2' }, edit: edit('removeBackground') }, { apiKey: KEY });
    const fields = texts(await partsOf(server.requests[0]));
    assert.equal(fields.prompt, REMOVE_BACKGROUND_PROMPT);
    assert.equal(fields.model, 'gpt-image-1');
    assert.equal(fields.background, 'transparent');
    assert.equal(fields.output_format, 'png');
  });

  it('refuses a cut-out that only paints a checkerboard, saving nothing', async () => {
    server.setFault({ fault: 'checkerboard' });
    const error = await failure(h.run({ provider: 'openai', prompt: '', edit: edit('removeBackground') }, { apiKey: KEY }));
    assert.match(error.message, /only paints a grey-and-white checkerboard/);
    assert.match(error.message, /Nothing was saved/);
    assert.deepEqual(await h.files(), []);
  });

  it('refuses a source over its 50 MB limit, naming the limit', async () => {
    const big = { ...sourceFromBytes('big.png', SOURCE), bytes: new Uint8Array(51 * 1024 * 1024) };
    const error = await failure(h.run({ provider: 'openai', prompt: 'x', edit: { ...edit('edit'), source: big } }, { apiKey: KEY }));
    assert.match(error.message, /takes images up to 50 MB; big\.png is 51 MB/);
    assert.equal(error.parameter, 'image');
  });

  it('the stand-in refuses an image part sent as application/octet-stream, as the API does', async () => {
    const form = new FormData();
    form.append('prompt', 'x');
    form.append('model', 'gpt-image-1');
    form.append('image', new Blob([new Uint8Array(SOURCE)]), 'a.png');
    const response = await fetch(new URL('v1/images/edits', server.url), { method: 'POST', body: form, headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(await response.json()), /unsupported mimetype/);
  });
});

describe('Stability AI from an image', () => {
  let server: StabilityServer;
  let h: Harness;
  before(async () => {
    server = await startStability({ validKeys: [KEY] });
  });
  after(async () => server.close());
  beforeEach(async () => {
    server.reset();
    h = await harness({ stability: server.url });
  });
  afterEach(async () => h.close());

  it('sends image-to-image to sd3 with mode, strength and the image, without an aspect ratio', async () => {
    const [saved] = await h.run({ provider: 'stability', prompt: 'at night', params: { model: 'sd3.5-medium' }, edit: { ...edit('edit'), strength: 0.35 } }, { apiKey: KEY });
    const request = server.requests[0];
    assert.equal(request?.path, '/v2beta/stable-image/generate/sd3');
    const parts = await partsOf(request);
    assert.deepEqual(texts(parts), { prompt: 'at night', mode: 'image-to-image', strength: '0.35', model: 'sd3.5-medium', output_format: 'png' });
    assert.ok(files(parts)[0]?.bytes.equals(SOURCE));
    const fields = await infotextOf(h, saved!.name);
    assert.equal(fields.get('Denoising strength'), '0.35');
    assert.equal(fields.get('Edit service'), 'auto');
  });

  it('inpaints with a mask sent grey, white where repainted', async () => {
    const mask = maskFromBytes('m.png', makeRgbaPng(64, 64, 8), sourceFromBytes('art/hero.png', SOURCE));
    const [saved] = await h.run({ provider: 'stability', prompt: 'a red door', params: { growMask: 10 }, edit: { ...edit('edit'), mask, maskPath: 'm.png' } }, { apiKey: KEY });
    const request = server.requests[0];
    assert.equal(request?.path, '/v2beta/stable-image/edit/inpaint');
    const parts = await partsOf(request);
    assert.deepEqual(texts(parts), { prompt: 'a red door', grow_mask: '10', output_format: 'png' });
    const maskPart = files(parts).find((p) => p.name === 'mask');
    const grey = rawPixels(maskPart!.bytes);
    assert.equal(grey.colour, 0);
    assert.equal(grey.rows[0]![0], 255);
    assert.equal(grey.rows[20]![20], 0);
    const fields = await infotextOf(h, saved!.name);
    assert.equal(fields.get('Mask'), 'm.png');
    assert.equal(fields.get('Denoising strength'), undefined, 'inpaint has no strength');
  });

  it('erases and outpaints without a prompt, and refuses search-and-replace without a search prompt', async () => {
    const mask = maskFromBytes('m.png', LEFT_HALF, sourceFromBytes('art/hero.png', SOURCE));
    await h.run({ provider: 'stability', prompt: '', params: { editService: 'erase' }, edit: { ...edit('edit'), mask } }, { apiKey: KEY });
    assert.equal(server.requests[0]?.path, '/v2beta/stable-image/edit/erase');
    assert.deepEqual(texts(await partsOf(server.requests[0])), { grow_mask: '5', output_format: 'png' });
    await h.run({ provider: 'stability', prompt: '', params: { editService: 'outpaint', left: 64, down: 32 }, edit: edit('edit') }, { apiKey: KEY });
    assert.deepEqual(texts(await partsOf(server.requests[1])), { left: '64', down: '32', creativity: '0.5', output_format: 'png' });
    const error = await failure(h.run({ provider: 'stability', prompt: 'a cat', params: { editService: 'search-and-replace' }, edit: edit('edit') }, { apiKey: KEY }));
    assert.match(error.message, /needs a search prompt/);
    assert.equal(server.requests.length, 2);
  });

  it('removes a background, and the saved file has real transparency', async () => {
    const [saved] = await h.run({ provider: 'stability', prompt: '', edit: edit('removeBackground') }, { apiKey: KEY });
    assert.equal(server.requests[0]?.path, '/v2beta/stable-image/edit/remove-background');
    assert.deepEqual(texts(await partsOf(server.requests[0])), { output_format: 'png' });
    const bytes = await fs.readFile(path.join(h.folder, saved!.name));
    assert.equal(bytes[25], 6, 'an RGBA PNG');
    assert.match(saved!.name, /hero-no-background/);
  });

  it('refuses a mask with image-to-image and strength where the service has none', async () => {
    const mask = maskFromBytes('m.png', LEFT_HALF, sourceFromBytes('art/hero.png', SOURCE));
    const error = await failure(h.run({ provider: 'stability', prompt: 'x', params: { editService: 'image-to-image' }, edit: { ...edit('edit'), mask } }, { apiKey: KEY }));
    assert.match(error.message, /image-to-image takes no mask/);
    const strength = await failure(h.run({ provider: 'stability', prompt: '', edit: { ...edit('removeBackground'), strength: 0.5 } }, { apiKey: KEY }));
    assert.match(strength.message, /has no strength for this kind of edit/);
  });
});

describe('AUTOMATIC1111 img2img', () => {
  let server: Automatic1111Server;
  let h: Harness;
  before(async () => {
    server = await startAutomatic1111();
  });
  after(async () => server.close());
  beforeEach(async () => {
    server.reset();
    h = await harness({ automatic1111: server.url });
  });
  afterEach(async () => h.close());

  it('sends init_images, denoising_strength and a white-on-black mask, at the source’s size', async () => {
    const mask = maskFromBytes('m.png', makeRgbaPng(64, 64, 8), sourceFromBytes('art/hero.png', SOURCE));
    const [saved] = await h.run({ provider: 'automatic1111', prompt: 'fix the hand', params: { maskBlur: 8, inpaintingFill: 'latent noise' }, edit: { ...edit('edit'), mask, strength: 0.4 } });
    const request = server.requests.find((r) => r.path === '/sdapi/v1/img2img');
    const body = request?.json as Record<string, unknown>;
    assert.deepEqual(body.init_images, [SOURCE.toString('base64')]);
    assert.equal(body.denoising_strength, 0.4);
    assert.equal(body.mask_blur, 8);
    assert.equal(body.inpainting_fill, 2);
    assert.equal(body.inpaint_full_res, false);
    assert.deepEqual([body.width, body.height], [64, 64]);
    const grey = rawPixels(Buffer.from(String(body.mask), 'base64'));
    assert.equal(grey.rows[0]![0], 255);
    assert.equal(grey.rows[20]![20], 0);
    const fields = await infotextOf(h, saved!.name);
    assert.equal(fields.get('Denoising strength'), '0.4');
    assert.equal(fields.get('Mask blur'), '8');
    assert.equal(fields.get('Size'), '64x64');
    assert.equal(fields.get('Source'), 'art/hero.png');
  });

  it('makes variations with the web UI’s img2img at a lower default strength', async () => {
    await h.run({ provider: 'automatic1111', prompt: '', edit: edit('variations') });
    const body = server.requests.find((r) => r.path === '/sdapi/v1/img2img')?.json as Record<string, unknown>;
    assert.equal(body.denoising_strength, 0.5);
    assert.equal(body.mask, undefined);
  });

  it('the stand-in refuses img2img without an init image as the web UI does', async () => {
    const response = await fetch(new URL('sdapi/v1/img2img', server.url), { method: 'POST', body: JSON.stringify({ prompt: 'x' }), headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Init image not found/);
  });
});

describe('ComfyUI edits', () => {
  let server: ComfyuiServer;
  let h: Harness;
  before(async () => {
    server = await startComfyui();
  });
  after(async () => server.close());
  beforeEach(async () => {
    server.reset();
    h = await harness({ comfyui: server.url });
    h.workspace.set(DEFAULT_EDIT_WORKFLOW, JSON.stringify(EDIT_WORKFLOW));
  });
  afterEach(async () => h.close());

  it('uploads the source and the mask, then fills {{image}}, {{mask}} and {{denoise}}', async () => {
    const mask = maskFromBytes('m.png', LEFT_HALF, sourceFromBytes('art/hero.png', SOURCE));
    const [saved] = await h.run({ provider: 'comfyui', prompt: 'a window', edit: { ...edit('edit'), mask, strength: 0.8 } });
    const uploads = server.requests.filter((r) => r.path === '/upload/image');
    assert.equal(uploads.length, 2);
    const [source, maskUpload] = await Promise.all(uploads.map(partsOf));
    assert.deepEqual(texts(source), { type: 'input', subfolder: 'imagesmith' });
    assert.ok(files(source)[0]?.bytes.equals(SOURCE));
    assert.equal(files(source)[0]?.filename, 'hero.png');
    assert.equal(rawPixels(files(maskUpload)[0]!.bytes).rows[0]![0], 255);
    const queued = (server.requests.find((r) => r.path === '/prompt')?.json as { prompt: Record<string, { inputs: Record<string, unknown> }> }).prompt;
    assert.equal(queued['1']?.inputs.image, 'imagesmith/hero.png');
    assert.equal(queued['2']?.inputs.image, 'imagesmith/hero-mask.png');
    assert.equal(queued['3']?.inputs.denoise, 0.8);
    const fields = await infotextOf(h, saved!.name);
    assert.equal(fields.get('Edit workflow'), DEFAULT_EDIT_WORKFLOW);
    assert.equal(fields.get('Denoising strength'), '0.8');
  });

  it('says where to find the edit workflow when the setting names no file', async () => {
    h.workspace.delete(DEFAULT_EDIT_WORKFLOW);
    const error = await failure(h.run({ provider: 'comfyui', prompt: 'x', edit: edit('edit') }));
    assert.match(error.message, /imagesmith\.providers\.comfyui\.editWorkflow/);
  });
});

describe('providers that cannot start from an image', () => {
  it('say why, and which can', async () => {
    const h = await harness({});
    try {
      for (const provider of ['popcord', 'aithriving', 'imagepipeline'] as const) {
        const error = await failure(h.run({ provider, prompt: 'x', edit: edit('edit') }, { baseUrl: 'http://127.0.0.1:9/', apiKey: 'k' }));
        assert.match(error.message, /only makes images from a prompt/);
        assert.match(error.message, /Use OpenAI, Stability AI, AUTOMATIC1111 or ComfyUI/);
      }
    } finally {
      await h.close();
    }
  });
});
