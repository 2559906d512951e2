import { FlagLensError } from '../errors';

/**
 * Small guards for vendor replies. A reply is data from a server we do not control (or a proxy in
 * front of it): its shape is checked where it enters, so a malformed one becomes one clear `parse`
 * error instead of a TypeError deep in the mapping — or, worse, a snapshot of nothing that replaces
 * the last good one.
 */
export class ReplyShape {
  constructor(
    private readonly vendor: string,
    private readonly what: string,
  ) {}

  /** The error for this reply; `detail` names the part that is wrong (never its value). */
  error(detail?: string, cause?: unknown): FlagLensError {
    return new FlagLensError('parse', `${this.vendor} returned an unexpected response for ${this.what}${detail ? ` (${detail})` : ''}.`, cause === undefined ? {} : { cause });
  }

  record(value: unknown, where: string): Record<string, unknown> {
    if (!isRecord(value)) throw this.error(`${where} is not an object`);
    return value;
  }

  array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) throw this.error(`${where} is not a list`);
    return value;
  }

  /** Absent (undefined or null) is fine; anything else must be a list. */
  optionalArray(value: unknown, where: string): void {
    if (value !== undefined && value !== null && !Array.isArray(value)) throw this.error(`${where} is not a list`);
  }

  optionalRecord(value: unknown, where: string): void {
    if (value !== undefined && value !== null && !isRecord(value)) throw this.error(`${where} is not an object`);
  }

  optional(value: unknown, type: 'string' | 'number' | 'boolean', where: string): void {
    if (value !== undefined && value !== null && typeof value !== type) throw this.error(`${where} is not a ${type}`);
  }

  /** A key or name things are looked up by: a non-empty string. */
  key(value: unknown, where: string): string {
    if (typeof value !== 'string' || value.trim() === '') throw this.error(`${where} has no key`);
    return value;
  }

  /** Every element of a list is an object. */
  records(value: unknown, where: string): Record<string, unknown>[] {
    return this.array(value, where).map((item, i) => this.record(item, `${where}[${i}]`));
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Runs the mapping of checked replies; anything it still throws that is not ours (a TypeError on a
 * field no guard covers) is reported as the vendor's unexpected response, never as raw text.
 */
export function mapReply<T>(shape: ReplyShape, map: () => T): T {
  try {
    return map();
  } catch (error) {
    if (error instanceof FlagLensError) throw error;
    throw shape.error(undefined, error);
  }
}
