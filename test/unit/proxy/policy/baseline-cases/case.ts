/** One baseline case: the SQL message and the expected `action rule`. */
export type Case = readonly [sql: string, expected: string];
