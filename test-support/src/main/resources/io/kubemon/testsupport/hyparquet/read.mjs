// Reads a Parquet file with hyparquet (pure JavaScript, no DuckDB or Arrow code) and prints
// {schema, metadata, rows} as JSON to the file named second: 64-bit integers as decimal strings, timestamps as
// {"epochMs": n}, so the Java side compares exact values.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { writeFileSync } from 'fs'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const rows = await parquetReadObjects({ file, metadata, compressors })
const schema = metadata.schema.slice(1).map(e => ({
  name: e.name,
  type: e.type,
  logicalType: e.logical_type ? JSON.parse(JSON.stringify(e.logical_type, (k, v) => typeof v === 'bigint' ? v.toString() : v)) : null,
  convertedType: e.converted_type ?? null,
}))
const keyValue = Object.fromEntries((metadata.key_value_metadata ?? []).map(kv => [kv.key, kv.value]))
const out = {
  schema,
  metadata: keyValue,
  numRows: metadata.num_rows.toString(),
  rowGroups: metadata.row_groups.length,
  codecs: [...new Set(metadata.row_groups.flatMap(g => g.columns.map(c => c.meta_data.codec)))],
  rows: rows.map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k,
    v === null || v === undefined ? null
      : typeof v === 'bigint' ? v.toString()
      : v instanceof Date ? { epochMs: v.getTime() }
      : v]))),
}
writeFileSync(process.argv[3], JSON.stringify(out))
