/** One row of a Markdown table, as the bench prints its results. */
export const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
