/**
 * Context around a capitalized run. Context never crosses a line break: a section header
 * (`REGISTRATION / CONTACT`) says nothing about the first word of the next line.
 */

const RELATIONS =
  'patient|pt|daughter|son|wife|husband|spouse|partner|fianc[eé]e?|mother|mom|father|dad|sister|brother|grandmother|grandfather|granddaughter|grandson|grandma|grandpa|aunt|uncle|niece|nephew|cousin|friend|roommate|neighbou?r|caregiver|guardian|named|called|attending|physician|surgeon|nurse|provider|resident|intern|therapist|pharmacist|chaplain|interpreter|np|pa|rn|md';
const LABELS =
  'name|signed|signature|referred by|emergency contact|contact|poa|proxy|accompanied by|seen by|cc|dear|attn|by';

/** A relation or role right before the run: strong evidence even for an unknown word. */
export const RELATION_BEFORE = new RegExp(
  `\\b(?:${RELATIONS})(?:['’]s)?(?:[ \\t]*[,:(-][ \\t]*|[ \\t]+(?:is|was|named|called)[ \\t]+|[ \\t]+)$|\\bname[ \\t]?is[ \\t]+$`,
  'i',
);
/** A label right before the run: strong evidence for dictionary names and multi-word runs. */
export const LABEL_BEFORE = new RegExp(`\\b(?:${LABELS})(?:[ \\t]*[,:(-][ \\t]*|[ \\t]+)$`, 'i');
export const WEAK_BEFORE =
  /\b(?:with|per|to|for|and|told|asked|informed|contacted|called|paged|notified|messaged|emailed|visited|met|saw|thanked|discussed with|spoke with|left for)[ \t]+$/i;
/** Place prepositions: a lone dictionary name after them is more likely a city. */
export const PLACE_BEFORE = /\b(?:in|from|near|at)[ \t]+$/i;
export const STRONG_AFTER =
  /^(?:[ \t]*\(|,[ \t]*|[ \t]+)(?:(?:her|his|their|the patient['’]s|pt['’]s|patient['’]s)[ \t]+)?(?:daughter|son|wife|husband|spouse|partner|mother|father|sister|brother|caregiver|guardian|friend|roommate|niece|nephew|granddaughter|grandson)\b|^,?[ \t]+(?:MD|M\.D\.|DO|RN|NP|PA-C|PhD|DDS|LPN|CNA|APRN|FNP)\b|^[ \t]*\([ \t]*(?:DOB|MRN|age)\b|^['’]s[ \t]+(?:daughter|son|wife|husband|mother|father|sister|brother|caregiver)\b|^[ \t]+(?:was born|is a \d|is an? (?:\d+|elderly|young)|, (?:a|an) \d+)/i;

/** Start of text, or after sentence punctuation, a line break, a bullet or a label colon. */
export const SENTENCE_START = /(?:^|[.!?\n\r:;•*#>"“(\]/-])[ \t]*$/;

/** The text before `start` on the same line (at most 40 characters). */
export function lineBefore(text: string, start: number): string {
  const from = Math.max(0, start - 40);
  const nl = text.lastIndexOf('\n', start - 1);
  return text.slice(Math.max(from, nl + 1), start);
}
