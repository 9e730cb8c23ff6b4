/**
 * shared/api/bridge.ts lists the method names without zod so the sandboxed preload can bundle
 * it; this keeps that list and the contract's table the same set, at compile time and at run time.
 */
import { describe, expect, it } from 'vitest';
import type { BridgeMethodName } from '../../shared/api/bridge.js';
import { METHOD_NAMES } from '../../shared/api/bridge.js';
import type { MethodName } from '../../shared/api/contract.js';
import { API, isMethodName } from '../../shared/api/contract.js';

// Compile-time: each union is assignable to the other (tsc -p tsconfig.node.json fails otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameNames: Same<BridgeMethodName, MethodName> = true;

describe('bridge method names', () => {
  it('are exactly the contract methods, in the contract order, each once', () => {
    expect(sameNames).toBe(true);
    expect([...METHOD_NAMES]).toEqual(Object.keys(API));
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    for (const name of METHOD_NAMES) expect(isMethodName(name)).toBe(true);
  });
});
