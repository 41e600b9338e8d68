/**
 * The mask painter over the source image's preview (page side): a canvas at the source's
 * own pixel size, scaled to the preview, with a brush and an eraser of a chosen size,
 * undo, invert and clear. The mouse paints by dragging; the keyboard moves a brush cursor
 * with the arrow keys and paints with Space. What it hands on is a PNG the source's size,
 * opaque, white where the image is to change and black elsewhere: the form the host reads
 * for every provider and converts to each one's own.
 */
import { button, h, uid } from './dom';
import { SOURCE_STRINGS as S } from './sourceStrings';

/** Enough steps back for a slip, without holding a large image's pixels many times over. */
const MAX_UNDO = 20;
/** How painted parts show over the picture; only their coverage is sent. */
const PAINT = 'rgb(255, 0, 128)';

type Tool = 'brush' | 'eraser';

export class MaskPainter {
  /** The tools, shown under the preview while a mask is painted. */
  readonly tools: HTMLElement;
  /** The layers the slot lays over the preview: the painting, then the brush cursor. */
  readonly layers: readonly HTMLCanvasElement[];
  private readonly paint: HTMLCanvasElement;
  private readonly cursor: HTMLCanvasElement;
  private readonly brushButton: HTMLButtonElement;
  private readonly eraserButton: HTMLButtonElement;
  private readonly sizeInput: HTMLInputElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly undoStack: ImageData[] = [];
  private tool: Tool = 'brush';
  private last: { x: number; y: number } | undefined;
  /** Where the keyboard's brush is, in the source's pixels. */
  private at = { x: 0, y: 0 };
  private drawing = false;
  private enabled = false;

  constructor(private readonly announce: (text: string) => void) {
    const hint = h('p', { class: 'field-hint', id: uid('hint') }, S.maskHint);
    this.paint = h('canvas', { class: 'mask-paint', tabindex: 0, role: 'application', 'aria-label': S.maskLabel, 'aria-describedby': hint.id, width: 1, height: 1 });
    this.cursor = h('canvas', { class: 'mask-cursor', 'aria-hidden': 'true', width: 1, height: 1 });
    this.layers = [this.paint, this.cursor];
    this.brushButton = button(S.brush, { icon: 'edit' });
    this.eraserButton = button(S.eraser, { icon: 'eraser' });
    const sizeId = uid('brush-size');
    this.sizeInput = h('input', { id: sizeId, class: 'input brush-size', type: 'range', min: 1, max: 64, step: 1, value: 8 });
    const sizeValue = h('output', { for: sizeId, class: 'brush-size-value' }, '8');
    this.undoButton = button(S.undo, { icon: 'discard' });
    const invert = button(S.invert, { icon: 'arrow-swap' });
    const clear = button(S.clearMask, { icon: 'clear-all' });
    this.tools = h(
      'div',
      { class: 'mask-tools', role: 'group', 'aria-label': S.maskTools },
      hint,
      h('div', { class: 'row' }, this.brushButton, this.eraserButton, this.undoButton, invert, clear),
      h('div', { class: 'row' }, h('label', { for: sizeId }, S.brushSize), this.sizeInput, sizeValue),
    );
    this.brushButton.addEventListener('click', () => this.setTool('brush'));
    this.eraserButton.addEventListener('click', () => this.setTool('eraser'));
    this.sizeInput.addEventListener('input', () => {
      sizeValue.textContent = this.sizeInput.value;
      this.drawCursor();
    });
    this.undoButton.addEventListener('click', () => this.undo());
    invert.addEventListener('click', () => this.change(S.maskInverted, (ctx) => {
      ctx.globalCompositeOperation = 'xor';
      ctx.fillStyle = PAINT;
      ctx.fillRect(0, 0, this.paint.width, this.paint.height);
    }));
    clear.addEventListener('click', () => this.change(S.maskCleared, (ctx) => ctx.clearRect(0, 0, this.paint.width, this.paint.height)));
    this.paint.addEventListener('pointerdown', (event) => this.pointerDown(event));
    this.paint.addEventListener('pointermove', (event) => this.pointerMove(event));
    this.paint.addEventListener('pointerup', () => this.endStroke());
    this.paint.addEventListener('pointercancel', () => this.endStroke());
    this.paint.addEventListener('pointerleave', () => !this.drawing && this.clearCursor());
    this.paint.addEventListener('keydown', (event) => this.key(event));
    this.paint.addEventListener('focus', () => this.drawCursor());
    this.paint.addEventListener('blur', () => this.clearCursor());
    this.setTool('brush');
  }

  /** A new source: a blank mask of its size, a brush about a tenth of its shorter side. */
  reset(width: number, height: number): void {
    for (const layer of this.layers) {
      layer.width = width;
      layer.height = height;
    }
    this.undoStack.length = 0;
    this.undoButton.disabled = true;
    const most = Math.max(8, Math.round(Math.max(width, height) / 4));
    this.sizeInput.max = String(most);
    this.sizeInput.value = String(Math.max(1, Math.min(most, Math.round(Math.min(width, height) / 10))));
    this.sizeInput.dispatchEvent(new Event('input'));
    this.at = { x: Math.floor(width / 2), y: Math.floor(height / 2) };
  }

  /** Painting on or off: off, the canvas is neither shown nor reachable, and nothing is sent. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.tools.hidden = !enabled;
    for (const layer of this.layers) layer.hidden = !enabled;
  }

  /** The mask as base64 PNG text, or undefined when painting is off or nothing is painted. */
  png(): string | undefined {
    if (!this.enabled || !this.painted()) return undefined;
    const { width, height } = this.paint;
    const out = h('canvas', { width, height });
    const ctx = out.getContext('2d');
    if (!ctx) return undefined;
    ctx.drawImage(this.paint, 0, 0);
    // Coverage alone, in white, over an opaque black ground: an opaque mask reads white as "repaint".
    ctx.globalCompositeOperation = 'source-in';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    return out.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  private context(): CanvasRenderingContext2D | null {
    return this.paint.getContext('2d', { willReadFrequently: true });
  }

  private painted(): boolean {
    const data = this.context()?.getImageData(0, 0, this.paint.width, this.paint.height).data;
    if (!data) return false;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return true;
    return false;
  }

  private setTool(tool: Tool): void {
    this.tool = tool;
    this.brushButton.setAttribute('aria-pressed', String(tool === 'brush'));
    this.eraserButton.setAttribute('aria-pressed', String(tool === 'eraser'));
    this.paint.classList.toggle('erasing', tool === 'eraser');
  }

  private size(): number {
    return Math.max(1, Number(this.sizeInput.value) || 1);
  }

  /** Keeps the pixels as they are before a change, for Undo. */
  private remember(): void {
    const ctx = this.context();
    if (!ctx) return;
    this.undoStack.push(ctx.getImageData(0, 0, this.paint.width, this.paint.height));
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    this.undoButton.disabled = false;
  }

  private change(said: string, draw: (ctx: CanvasRenderingContext2D) => void): void {
    const ctx = this.context();
    if (!ctx) return;
    this.remember();
    ctx.save();
    draw(ctx);
    ctx.restore();
    this.announce(said);
  }

  private undo(): void {
    const previous = this.undoStack.pop();
    this.undoButton.disabled = this.undoStack.length === 0;
    if (!previous) {
      this.announce(S.nothingToUndo);
      return;
    }
    this.context()?.putImageData(previous, 0, 0);
  }

  /** A stroke from the last point to `to` (a dot when it is the first), with the brush or the eraser. */
  private stroke(to: { x: number; y: number }): void {
    const ctx = this.context();
    if (!ctx) return;
    const from = this.last ?? to;
    ctx.save();
    ctx.globalCompositeOperation = this.tool === 'eraser' ? 'destination-out' : 'source-over';
    ctx.strokeStyle = PAINT;
    ctx.fillStyle = PAINT;
    ctx.lineWidth = this.size();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    if (from.x === to.x && from.y === to.y) {
      ctx.arc(to.x, to.y, this.size() / 2, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
    ctx.restore();
    this.last = to;
  }

  /** The pointer's place in the source's pixels. */
  private point(event: PointerEvent): { x: number; y: number } {
    const box = this.paint.getBoundingClientRect();
    const x = ((event.clientX - box.left) / Math.max(1, box.width)) * this.paint.width;
    const y = ((event.clientY - box.top) / Math.max(1, box.height)) * this.paint.height;
    return { x: Math.max(0, Math.min(this.paint.width, x)), y: Math.max(0, Math.min(this.paint.height, y)) };
  }

  private pointerDown(event: PointerEvent): void {
    if (!this.enabled || event.button !== 0) return;
    event.preventDefault();
    this.paint.setPointerCapture(event.pointerId);
    this.remember();
    this.drawing = true;
    this.last = undefined;
    this.at = this.point(event);
    this.stroke(this.at);
    this.drawCursor();
  }

  private pointerMove(event: PointerEvent): void {
    this.at = this.point(event);
    if (this.drawing) this.stroke(this.at);
    this.drawCursor();
  }

  private endStroke(): void {
    this.drawing = false;
    this.last = undefined;
  }

  private key(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const step = Math.max(1, Math.round(this.size() / 2));
      const next = { x: Math.max(0, Math.min(this.paint.width, this.at.x + move[0] * step)), y: Math.max(0, Math.min(this.paint.height, this.at.y + move[1] * step)) };
      if (event.shiftKey) {
        this.remember();
        this.last = this.at;
        this.stroke(next);
        this.last = undefined;
      }
      this.at = next;
      this.drawCursor();
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      this.remember();
      this.last = undefined;
      this.stroke(this.at);
      this.last = undefined;
    } else if (event.key.toLowerCase() === 'z' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.undo();
    }
  }

  /** The brush's outline where it would paint, light over dark so that it shows on any picture. */
  private drawCursor(): void {
    const ctx = this.cursor.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, this.cursor.width, this.cursor.height);
    const scale = this.cursor.width / Math.max(1, this.cursor.getBoundingClientRect().width || this.cursor.width);
    for (const [colour, width] of [['#000', 3], ['#fff', 1.5]] as const) {
      ctx.beginPath();
      ctx.strokeStyle = colour;
      ctx.lineWidth = width * scale;
      ctx.arc(this.at.x, this.at.y, this.size() / 2, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  private clearCursor(): void {
    this.cursor.getContext('2d')?.clearRect(0, 0, this.cursor.width, this.cursor.height);
  }
}
