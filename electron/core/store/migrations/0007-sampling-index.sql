-- Sampling's first pass (docs/sampling.md, "Speed") reads every member of a population: its
-- leaf hash and rowid, and its agent or month when stratified. From the table that is a read of
-- every wide entry row; from this index it is a scan of about 110 bytes a member. The index
-- replaces entries_action under the same name with the same leading columns (action type, then
-- rowid), so every query that seeks on it, or names it in INDEXED BY, finds the same order, and
-- an import still maintains one index per entry here, appended in rowid order as before.
DROP INDEX entries_action;
CREATE INDEX entries_action ON entries(action_type, id, leaf_hash, agent_id, ts);
