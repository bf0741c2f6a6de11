import { CONTEXT_BOOST, contextWords, hasContext } from '../context.js';
import { clampScore, type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/** Common payer member-id shape: 3 letters (the plan prefix) + 9 digits. */
const MEMBER_ID = /(?<![\w-])([A-Z]{3})(\d{9})(?![\w-])/g;
const CONTEXT = contextWords([
  'member',
  'member id',
  'member #',
  'subscriber',
  'insurance',
  'insured',
  'policy',
  'plan',
  'payer',
  'medicaid',
  'medicare',
  'coverage',
  'ins',
  'id',
]);
/** Prefixes that are labels of other identifiers, not plan prefixes. */
const OTHER_LABELS = new Set(['MRN', 'NPI', 'DEA', 'SSN', 'ACC', 'ACT', 'DOB']);

export const healthPlanIdRecognizer: Recognizer = {
  name: 'health-plan-id',
  needs: FEATURE.digit | FEATURE.upper,
  find(text: string, out: Detection[]) {
    eachMatch(MEMBER_ID, text, (m) => {
      const ctx = hasContext(text, m.index, CONTEXT, 30) ? CONTEXT_BOOST : 0;
      const base = OTHER_LABELS.has(m[1] ?? '') ? 0.2 : 0.6;
      out.push({
        entity: 'HEALTH_PLAN_ID',
        start: m.index,
        end: m.index + 12,
        score: clampScore(base + ctx),
        detector: 'health-plan-id',
      });
    });
  },
};
