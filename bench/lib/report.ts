/** The bench's one output shape: rows for the table, raw data for the JSON file. */

export const SECTIONS = ['activation', 'first-use', 'overhead', 'throughput', 'polling', 'memory', 'panel', 'gallery', 'images', 'references'] as const;
export type SectionName = (typeof SECTIONS)[number];

export type Unit = 'ms' | 's' | 'KB' | 'MB' | 'count';

export interface Measure {
  readonly value: number;
  readonly unit: Unit;
}

export interface Row {
  readonly figure: string;
  readonly ours: Measure;
  /** What the figure is compared with, measured in the same run. */
  readonly baseline?: Measure & { readonly label: string };
  /** ours / baseline unless the section says otherwise (a median of pair ratios, say). */
  readonly ratio?: number;
  readonly goal?: string;
  /** Whether the goal is met; undefined when the figure has no goal. */
  readonly met?: boolean;
  /** How much the figure moves: p25–p75, min–max, n. */
  readonly spread?: string;
}

export interface SectionResult {
  readonly name: SectionName;
  readonly title: string;
  /** Undefined when measured; otherwise why not. */
  readonly notMeasured?: string;
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
  readonly data?: unknown;
  readonly seconds: number;
}

export function formatMeasure(m: Measure): string {
  switch (m.unit) {
    case 'ms':
      return m.value >= 100 ? `${m.value.toFixed(0)} ms` : m.value >= 10 ? `${m.value.toFixed(1)} ms` : `${m.value.toFixed(2)} ms`;
    case 's':
      return `${m.value.toFixed(2)} s`;
    case 'KB':
      return `${m.value.toFixed(1)} KB`;
    case 'MB':
      return `${m.value.toFixed(1)} MB`;
    case 'count':
      return Number.isInteger(m.value) ? String(m.value) : m.value.toFixed(1);
    default: {
      const unknown: never = m.unit;
      return String(unknown);
    }
  }
}

export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  return ratio >= 100 ? `×${ratio.toFixed(0)}` : `×${ratio.toFixed(2)}`;
}

function pad(text: string, width: number, right = false): string {
  const length = [...text].length;
  return right ? ' '.repeat(Math.max(0, width - length)) + text : text + ' '.repeat(Math.max(0, width - length));
}

/** A plain-text table: one block per section, its rows, then its notes. */
export function renderTable(sections: readonly SectionResult[]): string {
  const header = ['Figure', 'Ours', 'Baseline', 'Ratio', 'Goal', 'Met', 'Spread'];
  const lines: string[][] = [];
  const groups: { title: string; first: number; count: number; notMeasured?: string }[] = [];
  for (const section of sections) {
    const first = lines.length;
    for (const row of section.rows) {
      lines.push([
        row.figure,
        formatMeasure(row.ours),
        row.baseline ? `${formatMeasure(row.baseline)} (${row.baseline.label})` : '—',
        formatRatio(row.ratio),
        row.goal ?? '—',
        row.met === undefined ? '' : row.met ? 'yes' : 'NO',
        row.spread ?? '',
      ]);
    }
    groups.push({ title: `${section.title} [${section.name}, ${section.seconds.toFixed(0)} s]`, first, count: section.rows.length, notMeasured: section.notMeasured });
  }
  const widths = header.map((h, i) => Math.max([...h].length, ...lines.map((l) => [...(l[i] ?? '')].length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, i >= 1 && i <= 3))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((sum, w) => sum + w + 2, -2));
  const out: string[] = [render(header), rule];
  sections.forEach((section, index) => {
    const group = groups[index];
    if (!group) return;
    out.push(group.title);
    if (group.notMeasured !== undefined && group.count === 0) out.push(`  not measured: ${group.notMeasured}`);
    for (let i = group.first; i < group.first + group.count; i++) out.push(render(lines[i] ?? []));
    if (group.notMeasured !== undefined && group.count > 0) out.push(`  partly measured: ${group.notMeasured}`);
    for (const note of section.notes) out.push(`  · ${note}`);
    out.push('');
  });
  return out.join('\n');
}
