import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callFacts } from '../../electron/services/queries/agents-queries.js';
import { SAMPLE_BUNDLE } from '../support/paths.js';

describe('callFacts (the Agents screen’s fast read of a line)', () => {
  const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').filter(Boolean);
  const calls = lines.filter((l) => l.includes('"action_type":"connector.called"'));

  it('agrees with a full parse on every call of the sample', () => {
    expect(calls.length).toBe(183);
    for (const l of calls) {
      const e = JSON.parse(l) as { data: { connector: string; operation: string; data_types: string[]; decision: { verdict: string } } };
      expect(callFacts(Buffer.from(l), e.data.decision.verdict)).toEqual({
        connector: e.data.connector,
        operation: e.data.operation,
        verdict: e.data.decision.verdict,
        dataTypes: e.data.data_types,
      });
    }
  });

  it('falls back to a full parse for escapes and odd layouts', () => {
    const odd = JSON.stringify({ data: { connector: 'a\\"b', operation: 'x:y', data_types: ['p,q', 'r'], decision: { verdict: 'DENY' } } });
    expect(callFacts(Buffer.from(odd), null)).toEqual({ connector: 'a\\"b', operation: 'x:y', verdict: 'DENY', dataTypes: ['p,q', 'r'] });
    const empty = '{"action_type":"connector.called","data":{"connector":"c","data_types":[],"operation":"o:p"}}';
    expect(callFacts(Buffer.from(empty), 'PERMIT')).toEqual({ connector: 'c', operation: 'o:p', verdict: 'PERMIT', dataTypes: [] });
  });
});
