/** Small readers shared by the steps that parse a bundle's JSON files and signatures. */
import { duplicateMemberMessage, findDuplicateMember } from '../../../shared/format/json-members.js';

export const HEX64 = /^[0-9a-f]{64}$/;

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Standard padded base64 that re-encodes to itself; anything else decodes to nothing. */
export function strictBase64(text: string): Buffer {
  const b = Buffer.from(text, 'base64');
  return b.toString('base64') === text ? b : Buffer.alloc(0);
}

/** The problem with a parsed JSON file whose text repeats a member name, or null. */
export function duplicateProblem(file: string, text: string): string | null {
  const dup = findDuplicateMember(text);
  return dup ? duplicateMemberMessage(file, dup) : null;
}
