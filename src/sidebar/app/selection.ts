/**
 * Which gallery images are selected, as file managers do it: Ctrl/Cmd toggles one and
 * makes it the anchor, Shift selects the range from the anchor, select-all takes what is
 * shown. Keys only; the order is handed in, since filtering changes what is shown.
 */
export class Selection {
  private readonly keys = new Set<string>();
  private anchor: string | undefined;

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** The selected keys in the given order (keys not in it are left out). */
  inOrder(order: readonly string[]): string[] {
    return order.filter((key) => this.keys.has(key));
  }

  toggle(key: string): void {
    if (!this.keys.delete(key)) this.keys.add(key);
    this.anchor = key;
  }

  /** Selects the range between the anchor (or `key` when there is none) and `key`, in place of the rest. */
  extend(key: string, order: readonly string[]): void {
    const to = order.indexOf(key);
    if (to < 0) return;
    const anchored = this.anchor === undefined ? -1 : order.indexOf(this.anchor);
    const from = anchored < 0 ? to : anchored;
    this.keys.clear();
    for (let at = Math.min(from, to); at <= Math.max(from, to); at += 1) this.keys.add(order[at] as string);
    this.anchor = order[from];
  }

  all(order: readonly string[]): void {
    this.keys.clear();
    for (const key of order) this.keys.add(key);
  }

  clear(): void {
    this.keys.clear();
    this.anchor = undefined;
  }

  /** Forgets the keys that are no longer in `present` (deleted files, filtered out). */
  keep(present: ReadonlySet<string>): void {
    for (const key of [...this.keys]) if (!present.has(key)) this.keys.delete(key);
    if (this.anchor !== undefined && !present.has(this.anchor)) this.anchor = undefined;
  }
}
