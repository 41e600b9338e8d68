/**
 * Several PixelEngines (image worker threads) behind one: each call goes to the engine
 * with the fewest calls in flight, and a further engine is started only when every one
 * started so far is busy, so a single export never pays for a second worker's start-up.
 */
import type { ImageFacts, ImageSource, PixelEngine, Rendered, RenderSpec } from './engine';

export class EnginePool implements PixelEngine {
  private readonly engines: Array<{ readonly engine: PixelEngine; busy: number }> = [];

  /**
   * @param size the most engines at once (the gallery makes this many thumbnails at a time)
   * @param make starts one engine
   */
  constructor(
    readonly size: number,
    private readonly make: () => PixelEngine,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`an engine pool needs at least one engine, got ${size}`);
  }

  render(source: ImageSource, specs: readonly RenderSpec[]): Promise<Rendered[]> {
    return this.use((engine) => engine.render(source, specs));
  }

  inspect(source: ImageSource): Promise<ImageFacts> {
    return this.use((engine) => engine.inspect(source));
  }

  private async use<T>(work: (engine: PixelEngine) => Promise<T>): Promise<T> {
    const slot = this.pick();
    slot.busy++;
    try {
      return await work(slot.engine);
    } finally {
      slot.busy--;
    }
  }

  private pick(): { readonly engine: PixelEngine; busy: number } {
    const idle = this.engines.find((slot) => slot.busy === 0);
    if (idle) return idle;
    if (this.engines.length < this.size) {
      const slot = { engine: this.make(), busy: 0 };
      this.engines.push(slot);
      return slot;
    }
    return this.engines.reduce((least, slot) => (slot.busy < least.busy ? slot : least));
  }

  async dispose(): Promise<void> {
    const engines = this.engines.splice(0);
    await Promise.all(engines.map((slot) => slot.engine.dispose()));
  }
}
