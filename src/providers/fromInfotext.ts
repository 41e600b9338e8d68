/**
 * Reading A1111 fields back into parameter values, for "Use these settings". Each
 * provider maps its own fields (next to its `infotext()`); these helpers read the
 * values as A1111 writes them. A field that does not read is left out, and the caller
 * checks each value against the provider's schema.
 */

import type { InfotextFields, RecalledParams } from '../core/types';

export type { InfotextFields, RecalledParams };

export function numberField(fields: InfotextFields, label: string): number | undefined {
  const text = fields.get(label)?.trim();
  if (!text || !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** `Size: 1024x768` as width and height. */
export function sizeField(fields: InfotextFields): { width: number; height: number } | undefined {
  const match = /^\s*(\d{1,5})\s*x\s*(\d{1,5})\s*$/i.exec(fields.get('Size') ?? '');
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** `Size: 1024x768` as the `width` and `height` parameters, or nothing when it does not read. */
export function widthAndHeight(fields: InfotextFields): { width?: number; height?: number } {
  const size = sizeField(fields);
  return size ? { width: size.width, height: size.height } : {};
}

/** A1111 writes Python's True/False; JSON-minded tools write true/false. */
export function booleanField(fields: InfotextFields, label: string): boolean | undefined {
  const text = fields.get(label)?.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

export function textField(fields: InfotextFields, label: string): string | undefined {
  const text = fields.get(label)?.trim();
  return text ? text : undefined;
}

/** Leaves out what did not read, so that the person's current value stays. */
export function defined(values: Record<string, string | number | boolean | null | undefined>): RecalledParams {
  const out: RecalledParams = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}
