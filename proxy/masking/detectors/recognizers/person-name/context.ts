/**
 * Context around a capitalized run, read as the one or two words right before it on the same
 * line (a section header such as `REGISTRATION / CONTACT` says nothing about the next line's
 * first word). Word lookups, not regex scans: this runs for every capitalized word of a text.
 */

const set = (s: string): ReadonlySet<string> => new Set(s.split('|'));

/** Relations and roles: strong evidence even for a word the dictionaries do not know. */
const RELATIONS = set(
  'patient|pt|daughter|son|wife|husband|spouse|partner|fiance|fiancee|fiancé|fiancée|mother|mom|father|dad|sister|brother|grandmother|grandfather|granddaughter|grandson|grandma|grandpa|aunt|uncle|niece|nephew|cousin|friend|roommate|neighbor|neighbour|caregiver|guardian|named|attending|physician|surgeon|nurse|provider|resident|intern|therapist|pharmacist|chaplain|interpreter|boyfriend|girlfriend|stepson|stepdaughter|stepmother|stepfather|np|pa|rn|md',
);
/** Labels: strong evidence for dictionary names and multi-word runs. */
const LABELS = set(
  'name|signed|signature|contact|poa|proxy|cc|dear|attn|by|caller|guarantor|member|subscriber|insured',
);
const WEAK = set(
  'with|per|to|for|and|told|asked|informed|contacted|called|paged|notified|messaged|emailed|visited|met|saw|thanked|spoke|discussed',
);
const PLACES = set('in|from|near|at');
/** Words between the cue and the name that do not break the link: `daughter is Maria`, `son named Luis`. */
const LINKS = set('is|was|named|called');

export interface RunContext {
  readonly relation: boolean;
  readonly label: boolean;
  readonly weak: boolean;
  readonly place: boolean;
  /** Not at a sentence start: capitalization is evidence in itself. */
  readonly mid: boolean;
  /** Nothing before the run on its line. */
  readonly empty: boolean;
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 233 || c === 201;
const isBlank = (c: number) => c === 32 || c === 9;

/**
 * The word before `end` in `line`, skipping blanks, one of `, : ( -` and a possessive `'s`,
 * and where it starts; scanned backwards by hand (an end-anchored regex would retry every start).
 */
function wordBefore(line: string, end: number): { word: string; start: number } | undefined {
  let i = end - 1;
  while (i >= 0 && isBlank(line.charCodeAt(i))) i--;
  const p = line[i];
  if (p === ',' || p === ':' || p === '(' || p === '-') i--;
  while (i >= 0 && isBlank(line.charCodeAt(i))) i--;
  if (i >= 1 && line[i] === 's' && (line[i - 1] === "'" || line[i - 1] === '’')) i -= 2;
  const stop = i + 1;
  while (i >= 0 && isLetter(line.charCodeAt(i))) i--;
  if (stop - (i + 1) === 0) return undefined;
  return { word: line.slice(i + 1, stop).toLowerCase(), start: i + 1 };
}

const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '•', '*', '#', '>', '"', '“', '(', ']', '/', '-']);

/** Context of the run starting at `start`. */
export function contextBefore(text: string, start: number): RunContext {
  const nl = text.lastIndexOf('\n', start - 1);
  const line = text.slice(Math.max(nl + 1, start - 40), start);
  let j = line.length - 1;
  while (j >= 0 && isBlank(line.charCodeAt(j))) j--;
  const mid = j >= 0 && !SENTENCE_END.has(line[j] ?? '');
  let found = wordBefore(line, line.length);
  if (found && LINKS.has(found.word)) found = wordBefore(line, found.start);
  const w = found?.word;
  const relation = w !== undefined && RELATIONS.has(w);
  return {
    relation,
    label: !relation && w !== undefined && LABELS.has(w),
    weak: w !== undefined && WEAK.has(w),
    place: w !== undefined && PLACES.has(w),
    mid,
    empty: j < 0,
  };
}

/** A relation or a credential right after the run: `Jane (daughter)`, `Priya Raman, MD`, `Paula was born`. */
export const STRONG_AFTER =
  /^(?:[ \t]*\(|,[ \t]*|[ \t]+)(?:(?:her|his|their|the patient['’]s|pt['’]s|patient['’]s)[ \t]+)?(?:daughter|son|wife|husband|spouse|partner|mother|father|sister|brother|caregiver|guardian|friend|roommate|niece|nephew|granddaughter|grandson)\b|^,?[ \t]+(?:MD|M\.D\.|DO|RN|NP|PA-C|PhD|DDS|LPN|CNA|APRN|FNP)\b|^[ \t]*\([ \t]*(?:DOB|MRN|age)\b|^['’]s[ \t]+(?:daughter|son|wife|husband|mother|father|sister|brother|caregiver)\b|^[ \t]+(?:was born|is an? \d)/i;
