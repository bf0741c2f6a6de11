/**
 * Splits a SQL identifier into lower-case words: snake_case, kebab-case, camelCase,
 * PascalCase, acronyms (`patientSSN` → patient, ssn) and digits (`address_line1` → address, line, 1).
 */
export function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
