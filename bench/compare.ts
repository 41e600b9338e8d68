/**
 * Puts several runs' figures side by side, to see how much they move between runs:
 *
 *   node --import tsx bench/compare.ts bench-results/run-1.json bench-results/run-2.json …
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatMeasure, formatRatio, type SectionResult } from './lib/report';

interface Report {
  readonly startedAt: string;
  readonly machine: { readonly loadAverage: readonly number[] };
  readonly sections: readonly SectionResult[];
}

function main(): void {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('Usage: node --import tsx bench/compare.ts RUN.json [RUN.json …]');
    process.exitCode = 2;
    return;
  }
  const reports = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report);
  const figures = new Map<string, { values: string[]; numbers: number[]; ratios: number[]; unit: SectionResult['rows'][number]['ours']['unit'] }>();
  reports.forEach((report, index) => {
    for (const section of report.sections) {
      for (const row of section.rows) {
        const key = `${section.name}: ${row.figure}`;
        const entry = figures.get(key) ?? { values: Array<string>(reports.length).fill('—'), numbers: [], ratios: [], unit: row.ours.unit };
        entry.values[index] = formatMeasure(row.ours);
        entry.numbers.push(row.ours.value);
        if (row.ratio !== undefined && Number.isFinite(row.ratio)) entry.ratios.push(row.ratio);
        figures.set(key, entry);
      }
    }
  });
  const header = ['Figure', ...files.map((file) => path.basename(file, '.json')), 'Range', 'Ratio range'];
  const lines = [...figures].map(([figure, { values, numbers, ratios, unit }]) => [
    figure,
    ...values,
    `${formatMeasure({ value: Math.min(...numbers), unit })}–${formatMeasure({ value: Math.max(...numbers), unit })}`,
    // A ratio range means something only when every run reported the ratio the same way.
    ratios.length === reports.length ? `${formatRatio(Math.min(...ratios))}–${formatRatio(Math.max(...ratios))}` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
  const render = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(render(header));
  for (const line of lines) console.log(render(line));
  console.log(`\nLoad average at the start of each run: ${reports.map((report) => report.machine.loadAverage[0]).join(', ')}`);
}

main();
