/**
 * Values quoted by data-exception messages (SQLSTATE class 22): the input that could not be
 * read as a value of some type. When a statement reads PHI such input may be a PHI value
 * (`select ssn::int from patients` fails with `invalid input syntax for type integer: "…"`), so
 * the quoted input is replaced by a token. Each template takes the longest possible value (the
 * input is not escaped and may itself contain quotes). A class-22 text that quotes something and
 * matches no template loses everything from its first to its last double quote.
 */

/** prefix, value, suffix. Texts as PostgreSQL 18 writes them (captured in the integration tests). */
const TEMPLATES: readonly RegExp[] = [
  /^(invalid input syntax for type [^:]+: ")(.*)(")$/s,
  /^(invalid input value for enum [^:]+: ")(.*)(")$/s,
  /^(value ")(.*)(" is out of range for type [a-z ]+)$/s,
  /^(date\/time field value out of range: ")(.*)(")$/s,
  /^(malformed [a-z ]+ literal: ")(.*)(")$/s,
  /^(invalid value ")(.*)(" for "[^"]*")$/s,
  /^(")(.*)(" is not a valid (?:hexadecimal|binary|octal) digit)$/s,
  /^(invalid byte sequence for encoding "[^"]+": )(.*)()$/s,
  /^(character with byte sequence )(.*)( in encoding "[^"]+" has no equivalent in encoding "[^"]+")$/s,
  // JSON input DETAIL lines.
  /^(Token ")(.*)(" is invalid\.)$/s,
  /^(Expected .*?, but found ")(.*)("\.)$/s,
  // XML input DETAIL: libxml's message line, then the document excerpt and a caret line.
  /^(line \d+: [^\n]*\n)(.*)()$/s,
];

/** `JSON data, line N: <input>...` in CONTEXT. */
const JSON_CONTEXT = /^(JSON data, line \d+: )(.*)()$/s;

export const isDataException = (sqlstate: string | undefined): boolean => sqlstate?.startsWith('22') === true;

/**
 * Replaces the input value quoted by a class-22 message or detail with `token`. Texts that match no
 * template and quote nothing come back unchanged (the caller passes them to the detectors).
 */
export function redactDataExceptionText(text: string, token: string): { text: string; matched: boolean } {
  for (const re of TEMPLATES) {
    const m = re.exec(text);
    if (m) return { text: `${m[1]}${token}${m[3]}`, matched: true };
  }
  const first = text.indexOf('"');
  const last = text.lastIndexOf('"');
  if (first >= 0 && last > first) {
    return { text: `${text.slice(0, first + 1)}${token}${text.slice(last)}`, matched: true };
  }
  return { text, matched: false };
}

/** The masked CONTEXT line for JSON input, or undefined when `line` is not one. */
export function redactJsonContext(line: string, token: string): string | undefined {
  const m = JSON_CONTEXT.exec(line);
  return m ? `${m[1]}${token}` : undefined;
}
