/**
 * Image libraries: the pixel work exports and thumbnails need, done by each candidate on
 * the same 1024×1024 PNG, against sharp (libvips, native) as the reference:
 *   thumbnail — a 256×256 WebP;
 *   og — a 1200×630 cover crop, WebP;
 *   icons — six PNG icons (16, 32, 48, 180, 192, 512).
 * wasm-vips runs through the engine the extension had before it chose sharp
 * (bench/lib/vipsEngine.ts). Each figure is the median of `--image-runs` runs after a warm-up;
 * a WebAssembly library's start-up (compiling its module) is reported on its own.
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { VipsEngine } from '../lib/vipsEngine';
import { runSection, type BenchContext } from '../lib/context';
import { projectRoot } from '../lib/extensions';
import { photoLikePng } from '../lib/images';
import type { Row, SectionResult } from '../lib/report';
import { spread } from '../lib/stats';
import { thumbnailWorkerRows } from './thumbnailWorkers';

const ICON_SIDES = [16, 32, 48, 180, 192, 512];
const WORKLOADS = ['thumbnail', 'og', 'icons'] as const;
type Workload = (typeof WORKLOADS)[number];
type Candidate = { readonly name: string; readonly kind: string; start(): Promise<void>; run(work: Workload, source: Buffer): Promise<unknown>; stop(): Promise<void> };

/** A 1024×1024 photo-like PNG of about 1.5 MB. */
function sourcePng(): Promise<Buffer> {
  return photoLikePng(7);
}

function sharpCandidate(): Candidate {
  let sharp: typeof import('sharp');
  return {
    name: 'sharp',
    kind: 'native (libvips), a package per platform',
    async start() {
      sharp = (await import('sharp')).default;
    },
    run(work, source) {
      if (work === 'thumbnail') return sharp(source).resize(256, 256).webp({ quality: 80 }).toBuffer();
      if (work === 'og') return sharp(source).resize(1200, 630, { fit: 'cover' }).webp({ quality: 80 }).toBuffer();
      const base = sharp(source);
      return Promise.all(ICON_SIDES.map((side) => base.clone().resize(side, side).png().toBuffer()));
    },
    async stop() {},
  };
}

function wasmVipsCandidate(): Candidate {
  const engine = new VipsEngine(require.resolve('wasm-vips'));
  return {
    name: 'wasm-vips',
    kind: 'WebAssembly (libvips), one build',
    async start() {
      await engine.inspect(await sourcePngSmall());
    },
    run(work, source) {
      if (work === 'thumbnail') return engine.render(source, [{ width: 256, height: 256, fit: 'cover', format: 'webp', quality: 80 }]);
      if (work === 'og') return engine.render(source, [{ width: 1200, height: 630, fit: 'cover', format: 'webp', quality: 80 }]);
      return engine.render(
        source,
        ICON_SIDES.map((side) => ({ width: side, height: side, fit: 'cover' as const, format: 'png' as const })),
      );
    },
    stop: () => engine.dispose(),
  };
}

async function sourcePngSmall(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
}

function napiCandidate(): Candidate {
  let image: typeof import('@napi-rs/image');
  return {
    name: '@napi-rs/image',
    kind: 'native (Rust), a package per platform',
    async start() {
      image = await import('@napi-rs/image');
    },
    run(work, source) {
      if (work === 'thumbnail') return new image.Transformer(source).resize(256, 256).webp(80);
      if (work === 'og') return new image.Transformer(source).resize(1200, 630, image.ResizeFilterType.Lanczos3, image.ResizeFit.Cover).webp(80);
      return Promise.all(ICON_SIDES.map((side) => new image.Transformer(source).resize(side, side).png()));
    },
    async stop() {},
  };
}

/** Squoosh's codecs: PNG decode and encode, resize and WebP encode, each its own module. */
function jsquashCandidate(): Candidate {
  type JsquashImageData = ImageData;
  type Codecs = {
    decode: (bytes: ArrayBuffer) => Promise<JsquashImageData>;
    encodePng: (image: JsquashImageData) => Promise<ArrayBuffer>;
    encodeWebp: (image: JsquashImageData, options: { quality: number }) => Promise<ArrayBuffer>;
    resize: (image: JsquashImageData, options: { width: number; height: number }) => Promise<JsquashImageData>;
  };
  let codecs: Codecs;
  const crop = (image: JsquashImageData, width: number, height: number): JsquashImageData => {
    // Cover: the centred part with the target's aspect ratio, then a plain resize.
    const scale = Math.max(width / image.width, height / image.height);
    const w = Math.round(width / scale);
    const h = Math.round(height / scale);
    const left = Math.floor((image.width - w) / 2);
    const top = Math.floor((image.height - h) / 2);
    const out = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) out.set(image.data.subarray(((top + y) * image.width + left) * 4, ((top + y) * image.width + left + w) * 4), y * w * 4);
    return new ImageData(out, w, h);
  };
  return {
    name: '@jsquash/*',
    kind: 'WebAssembly (Squoosh codecs), one build',
    async start() {
      // Node has no ImageData; the codecs need only its shape.
      (globalThis as { ImageData?: unknown }).ImageData ??= class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      };
      const { readFile } = await import('node:fs/promises');
      const module = async (file: string) => new WebAssembly.Module(await readFile(require.resolve(file)));
      const pngDecode = await import('@jsquash/png/decode.js');
      const pngEncode = await import('@jsquash/png/encode.js');
      const webp = await import('@jsquash/webp/encode.js');
      const resize = await import('@jsquash/resize');
      const pngModule = await module('@jsquash/png/codec/pkg/squoosh_png_bg.wasm');
      await pngDecode.init(pngModule);
      await pngEncode.init(pngModule);
      await webp.init(await module('@jsquash/webp/codec/enc/webp_enc_simd.wasm'));
      await resize.initResize(await module('@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm'));
      codecs = {
        decode: (bytes) => pngDecode.default(bytes),
        encodePng: (image) => pngEncode.default(image),
        encodeWebp: (image, options) => webp.default(image, options),
        resize: (image, options) => resize.default(image, options),
      };
    },
    async run(work, source) {
      const decoded = await codecs.decode(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer);
      if (work === 'thumbnail') return codecs.encodeWebp(await codecs.resize(decoded, { width: 256, height: 256 }), { quality: 80 });
      if (work === 'og') return codecs.encodeWebp(await codecs.resize(crop(decoded, 1200, 630), { width: 1200, height: 630 }), { quality: 80 });
      return Promise.all(ICON_SIDES.map(async (side) => codecs.encodePng(await codecs.resize(decoded, { width: side, height: side }))));
    },
    async stop() {},
  };
}

/** What a candidate adds to the installed extension, from its packages in node_modules (this platform's binary for the native ones). */
function footprint(packages: readonly string[]): number {
  const size = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
      const full = path.join(dir, entry.name);
      return sum + (entry.isDirectory() ? size(full) : entry.isFile() ? statSync(full).size : 0);
    }, 0);
  return packages.reduce((sum, name) => {
    try {
      return sum + size(path.join(projectRoot, 'node_modules', name));
    } catch {
      return sum;
    }
  }, 0);
}

const FOOTPRINTS: Record<string, { packages: string[]; note: string }> = {
  sharp: { packages: ['sharp', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'], note: 'this platform' },
  'wasm-vips': { packages: [], note: 'vips.wasm + vips-heif.wasm + vips-node.js, as dist/vips ships them' },
  '@napi-rs/image': { packages: ['@napi-rs/image', '@napi-rs/image-linux-x64-gnu'], note: 'this platform' },
  '@jsquash/*': { packages: ['@jsquash/png', '@jsquash/webp', '@jsquash/resize'], note: 'the png, webp and resize packages; AVIF and JPEG are two more' },
};

export function imageLibraries(ctx: BenchContext): Promise<SectionResult> {
  return runSection('images', 'Image libraries (a 1024×1024 PNG; sharp is the reference)', ctx, async (draft) => {
    const source = await sourcePng();
    const runs = ctx.options.imageRuns;
    const candidates = [sharpCandidate(), wasmVipsCandidate(), napiCandidate(), jsquashCandidate()];
    const medians = new Map<string, Record<Workload, number>>();
    const data: Record<string, unknown> = {};
    for (const candidate of candidates) {
      const started = performance.now();
      await candidate.start();
      const startMs = performance.now() - started;
      const times = {} as Record<Workload, number[]>;
      try {
        for (const work of WORKLOADS) {
          await candidate.run(work, source);
          times[work] = [];
          for (let i = 0; i < runs; i++) {
            const t = performance.now();
            await candidate.run(work, source);
            times[work].push(performance.now() - t);
          }
        }
      } finally {
        await candidate.stop();
      }
      medians.set(candidate.name, Object.fromEntries(WORKLOADS.map((work) => [work, spread(times[work]).median])) as Record<Workload, number>);
      const bytes = candidate.name === 'wasm-vips' ? footprintOfWasmVips() : footprint(FOOTPRINTS[candidate.name]?.packages ?? []);
      draft.notes.push(`${candidate.name}: ${candidate.kind}; start-up ${startMs.toFixed(0)} ms; ${(bytes / 1024 / 1024).toFixed(1)} MB installed (${FOOTPRINTS[candidate.name]?.note}).`);
      data[candidate.name] = { startMs, times, bytes };
      ctx.log(`images: ${candidate.name} done`);
    }
    const reference = medians.get('sharp');
    for (const work of WORKLOADS) {
      for (const candidate of candidates) {
        const ms = medians.get(candidate.name)?.[work] ?? Number.NaN;
        const row: Row = {
          figure: `${work === 'thumbnail' ? '→ 256² WebP thumbnail' : work === 'og' ? '→ 1200×630 cover WebP' : '→ 6 PNG icons'}: ${candidate.name}`,
          ours: { value: ms, unit: 'ms' },
          baseline: { value: reference?.[work] ?? Number.NaN, unit: 'ms', label: 'sharp' },
          ratio: ms / (reference?.[work] ?? Number.NaN),
          spread: `n=${runs}`,
        };
        draft.rows.push(row);
      }
    }
    const workers = await thumbnailWorkerRows(ctx, Math.max(3, Math.ceil(runs / 2)));
    draft.rows.push(...workers.rows);
    draft.notes.push(...workers.notes);
    data.thumbnailWorkers = workers.data;
    draft.notes.push(
      `Source: a ${(source.byteLength / 1024 / 1024).toFixed(2)} MB 1024×1024 PNG. Medians of ${runs} runs after one warm-up, one candidate at a time in this process. Icons: one decode for the six sizes where the library allows it (sharp clone(), wasm-vips one render call, @jsquash one decode); @napi-rs/image decodes per icon.`,
      'Chosen: sharp, in a worker thread, with a .vsix per platform (npm run package). wasm-vips, chosen first for its one .vsix, starts in about a second and works at a third to a fifth of native speed; the gallery\'s first look at new images waits for both (BENCHMARKS.md).',
    );
    draft.data = data;
  });
}

function footprintOfWasmVips(): number {
  const dir = path.dirname(require.resolve('wasm-vips'));
  return ['vips-node.js', 'vips.wasm', 'vips-heif.wasm'].reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}
