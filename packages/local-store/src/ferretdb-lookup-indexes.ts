import { type Client as PgClient } from "pg";

/**
 * Makes FerretDB's lookups use indexes.
 *
 * FerretDB 1.24 keeps each document in a jsonb column `_jsonb` and turns every MongoDB index
 * into a btree index on `(_jsonb -> 'field')`. But it pushes an equality filter down as
 * `(_jsonb -> 'field') @> value`, a containment test that a btree index cannot answer. So
 * every find, even by `_id`, scanned the whole table: a transfer read thousands of rows, and
 * got slower as the tables grew.
 *
 * PostgreSQL answers `@>` from a GIN index. For each btree index FerretDB creates, an event
 * trigger adds a GIN index (jsonb_path_ops) on the same leading field, so an equality filter
 * on the field an index leads with becomes a bitmap index scan. `fastupdate` is off: a
 * lookup right after an insert (the idempotency and chain checks) must not scan a pending
 * list. Custom plans are forced for the database because FerretDB prepares its statements
 * with the field name as a parameter, and a generic plan cannot match an expression index.
 *
 * Only the embedded store needs this: against a real MongoDB, `MONGODB_URI` bypasses it.
 * FerretDB keeps its own index metadata, so it neither sees nor minds these indexes.
 */
export async function indexFerretDbLookups(client: PgClient, database: string): Promise<void> {
  await client.query(`ALTER DATABASE "${database}" SET plan_cache_mode = force_custom_plan`);
  await client.query(MIRROR_FUNCTION);
  await client.query(ON_CREATE_INDEX_FUNCTION);
  await client.query("DROP EVENT TRIGGER IF EXISTS wallet_store_lookup_indexes");
  await client.query("CREATE EVENT TRIGGER wallet_store_lookup_indexes ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public.wallet_store_on_create_index()");
  // Indexes created before the trigger existed (a dev database from an earlier run).
  await client.query(`SELECT public.wallet_store_mirror_index(indexrelid) FROM pg_index
    JOIN pg_class ON pg_class.oid = pg_index.indrelid JOIN pg_namespace ON pg_namespace.oid = pg_class.relnamespace
    WHERE pg_namespace.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public')`);
}

/** Adds the GIN twin of one btree index whose first key is `(_jsonb -> 'field')`. */
const MIRROR_FUNCTION = String.raw`
CREATE OR REPLACE FUNCTION public.wallet_store_mirror_index(index_oid oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  target record;
  field text;
BEGIN
  SELECT am.amname AS method, ns.nspname AS schema_name, tbl.relname AS table_name,
         pg_get_indexdef(idx.indexrelid, 1, false) AS first_key
    INTO target
    FROM pg_index idx
    JOIN pg_class ic ON ic.oid = idx.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class tbl ON tbl.oid = idx.indrelid
    JOIN pg_namespace ns ON ns.oid = tbl.relnamespace
   WHERE idx.indexrelid = index_oid;
  IF NOT FOUND OR target.method <> 'btree' THEN
    RETURN;
  END IF;
  field := substring(target.first_key FROM '^\(*_jsonb -> ''([^'']+)''::text\)*$');
  IF field IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops) WITH (fastupdate = off)',
    left(target.table_name, 40) || '_' || left(md5(field), 8) || '_gin', target.schema_name, target.table_name, field);
END
$$`;

const ON_CREATE_INDEX_FUNCTION = String.raw`
CREATE OR REPLACE FUNCTION public.wallet_store_on_create_index() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  command record;
BEGIN
  FOR command IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM public.wallet_store_mirror_index(command.objid);
  END LOOP;
END
$$`;
