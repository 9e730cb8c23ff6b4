/** A typed caller over any transport: IPC in Electron, `POST /api/<method>` under `crosscheck serve`. */
import type { ArgsOf, MethodName, ResultOf } from './contract.js';
import type { Result } from './result.js';
import { isResult } from './result.js';

/** Moves one call across a boundary and returns whatever came back, still untrusted. */
export type RawTransport = (method: MethodName, args: unknown) => Promise<unknown>;

export interface ApiClient {
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<Result<ResultOf<M>>>;
}

/** Builds a client; a transport failure or a malformed reply becomes an UNAVAILABLE result. */
export function createClient(transport: RawTransport): ApiClient {
  return {
    async call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<Result<ResultOf<M>>> {
      let reply: unknown;
      try {
        reply = await transport(method, args);
      } catch (e) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: e instanceof Error ? e.message : String(e) } };
      }
      if (!isResult(reply)) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: `malformed reply to ${method}` } };
      }
      return reply as Result<ResultOf<M>>;
    },
  };
}
