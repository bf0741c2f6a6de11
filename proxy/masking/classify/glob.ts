/** Compiles a glob (`*` any run, `?` one character) to an anchored, case-insensitive regex. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** A `schema.table.column` pattern, each part a glob. */
export interface ColumnGlob {
  readonly schema: RegExp;
  readonly table: RegExp;
  readonly column: RegExp;
}

export function compileColumnGlob(pattern: string): ColumnGlob {
  const [schema = '', table = '', column = ''] = pattern.split('.');
  return { schema: globToRegExp(schema), table: globToRegExp(table), column: globToRegExp(column) };
}

export function matchesColumn(glob: ColumnGlob, schema: string, table: string, column: string): boolean {
  return glob.schema.test(schema) && glob.table.test(table) && glob.column.test(column);
}
