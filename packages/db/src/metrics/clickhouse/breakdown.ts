import { type ChSql, chSql, joinSql, lit } from "../../analytics/clickhouse/literal";

/**
 * A top-level value of a JSON object stored as PostgreSQL's jsonb text (sync.ts copies
 * `attributes::text` and `properties::text`), as PostgreSQL's `->>` reads it: b_has is 1 for a
 * string, number or boolean, and b_v its text (strings unescaped, numbers as jsonb prints them).
 * 18.16 has no JSON functions that respect nesting (visitParam* find a key at any depth), so the
 * text is cut into tokens (strings, brackets, `:` and `,`, bare words), the depth counted, and
 * the key read where it is a key (followed by `:`) at depth 1.
 */
function jsonValue(inner: ChSql, column: string, carried: string[], key: string): ChSql {
  const cols = joinSql(
    carried.map((c) => lit.ident(c)),
    ", ",
  );
  const token = lit.str('"(?:[^"\\\\]|\\\\.)*"|[{}\\[\\],:]|[^"{}\\[\\],:\\s]+');
  return chSql`
    SELECT ${cols}, b_raw != '' AND b_raw != 'null' AND substring(b_raw, 1, 1) NOT IN ('{', '[')
        AS b_has,
      if(b_has, if(substring(b_raw, 1, 1) = '"',
        visitParamExtractString(concat('{"v":', b_raw, '}'), 'v'), b_raw), '') AS b_v
    FROM (
      SELECT ${cols},
        arrayPushBack(extractAll(${lit.ident(column)}, ${token}), '') AS b_tok,
        arrayCumSum(arrayMap(x -> multiIf(x = '{' OR x = '[', 1, x = '}' OR x = ']', -1, 0),
          b_tok)) AS b_depth,
        arrayPushBack(arrayPopFront(b_tok), '') AS b_next,
        arrayPushBack(arrayPopFront(b_next), '') AS b_after,
        arrayElement(b_after, arrayFirstIndex((t, d, n) -> d = 1 AND t = ${lit.str(JSON.stringify(key))}
          AND n = ':', b_tok, b_depth, b_next)) AS b_raw
      FROM (${inner}))`;
}

/**
 * The properties of a customer's first event among those `first` selects (the earliest; ties:
 * the least event id), as `props`, in a query over events grouped by customer_id: the property
 * breakdown's value is read from them (propertyValue), as PostgreSQL's breakdownValueSql.
 */
export function firstProperties(first: ChSql): ChSql {
  return chSql`argMinIf(properties, tuple(occurred_us, event_id), ${first}) AS props`;
}

/** `inner` (with `props`, firstProperties) with b_has and b_v: the property `key`'s value. */
export function propertyValue(inner: ChSql, carried: string[], key: string): ChSql {
  return jsonValue(inner, "props", carried, key);
}

/**
 * `inner`'s `columns` (one row per customer_id) with b_has and b_v: the customer attribute `key`
 * as it is now (b_has 0 for a customer ClickHouse does not hold).
 */
export function withAttributeValue(inner: ChSql, columns: string[], key: string): ChSql {
  const attributes = jsonValue(
    chSql`SELECT id AS customer_id, attributes FROM customers FINAL`,
    "attributes",
    ["customer_id"],
    key,
  );
  return chSql`
    SELECT ${joinSql(
      columns.map((c) => lit.ident(c)),
      ", ",
    )}, b_has, b_v
    FROM (${inner}) AS per_customer ANY LEFT JOIN (${attributes}) AS attribute USING customer_id`;
}
