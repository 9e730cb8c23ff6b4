/**
 * Entry row ids: (log_id << 40) | pos. SQL computes them from bound (log, pos) pairs, so a JS
 * number never has to hold an id above 2^53.
 */

/** Positions per log: 2^40, about 1.1 trillion entries per origin. */
export const POS_LIMIT = 1099511627776;
/** Logs per store (the CHECK on logs.id). */
export const LOG_LIMIT = 4194304;

/** SQL for the id of (log, pos) given as two bound parameters, in that order. */
export const ENTRY_ID_SQL = '((? << 40) + ?)';
