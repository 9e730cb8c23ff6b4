/**
 * The one entry point both transports call: checks the method name, parses the arguments with the
 * contract's zod schema, runs the handler and wraps the outcome as a Result. Only a message
 * crosses, never a stack.
 */
import type { MethodName, ParsedArgsOf, ResultOf } from '../../shared/api/contract.js';
import { API, isMethodName } from '../../shared/api/contract.js';
import type { ApiErrorCode, Result } from '../../shared/api/result.js';
import { ApiFailure, fail, ok } from '../../shared/api/result.js';
import type { Transport } from '../../shared/api/view-types.js';
import { CrosscheckError } from '../core/errors/crosscheck-error.js';

export interface CallContext {
  transport: Transport;
}

export type Handler<M extends MethodName> = (args: ParsedArgsOf<M>, ctx: CallContext) => Promise<ResultOf<M>> | ResultOf<M>;

export type HandlerTable = { [M in MethodName]: Handler<M> };

function codeOf(e: CrosscheckError): ApiErrorCode {
  switch (e.code) {
    case 'BAD_ARGUMENTS':
    case 'NOT_FOUND':
    case 'CANCELLED':
    case 'KEYRING_INVALID':
    case 'INTERNAL':
      return e.code;
    case 'WORKBOOK_REFUSED':
      return 'BAD_ARGUMENTS';
    case 'FILE_UNREADABLE':
    case 'BUNDLE_MALFORMED':
    case 'NOT_AN_EXPORT':
      return 'IMPORT_FAILED';
    default:
      return 'INTERNAL';
  }
}

/** Runs one call from an untrusted transport. */
export async function dispatch(
  handlers: HandlerTable,
  method: string,
  rawArgs: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `no such method: ${method.slice(0, 80)}`);
  const parsed = API[method].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return fail('BAD_ARGUMENTS', `${method}: ${first?.message ?? 'invalid arguments'}${where}`);
  }
  try {
    const handler = handlers[method] as (a: unknown, c: CallContext) => unknown;
    return ok(await handler(parsed.data, ctx));
  } catch (e) {
    if (e instanceof ApiFailure) return fail(e.code, e.message);
    if (e instanceof CrosscheckError) return fail(codeOf(e), e.message);
    // An unexpected error: say what happened in one line, keep internals out.
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return fail('INTERNAL', `${method} failed: ${message}`);
  }
}
