import type { PhiEntity } from '../../../../core/phi/entities.js';
import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';

/**
 * Identifiers announced by a label: `Member ID: XJH448812733`, `Acct # 00123-88`,
 * `DL# S530-1234-5678`, `VIN 1HGCM82633A004352`, `serial no. SN-88213`. The value must
 * contain at least 3 digits; the label decides the entity.
 */
const VALUE = '([A-Z0-9](?:[A-Z0-9-]{2,24})[A-Z0-9])';
/** Plates: `KQW-2856`, `GVY 5539`, `5ANC184`. */
const PLATE = '([A-Z0-9]{2,4}[ -]?[A-Z0-9]{3,5})';

const LABELS: ReadonlyArray<{ label: string; entity: PhiEntity; value?: string }> = [
  {
    label:
      'member\\s?(?:id|#|no\\.?|number)|subscriber\\s?(?:id|#|no\\.?|number)|policy\\s?(?:id|#|no\\.?|number)|insurance\\s?(?:id|#|no\\.?|number)|medicaid\\s?(?:id|#|no\\.?)|medicare\\s?(?:id|#|no\\.?)|mbi|group\\s?member\\s?id',
    entity: 'HEALTH_PLAN_ID',
  },
  {
    label: 'account\\s?(?:#|no\\.?|number|id)?|acct\\.?\\s?(?:#|no\\.?|number)?|billing\\s?(?:#|account)',
    entity: 'ACCOUNT_NUMBER',
  },
  {
    label:
      "driver'?s?\\s?licen[sc]e\\s?(?:#|no\\.?|number)?|licen[sc]e\\s?(?:#|no\\.?|number)|dl\\s?#|dl\\s?no\\.?",
    entity: 'LICENSE_NUMBER',
  },
  {
    label: 'vin|vehicle\\s?(?:id|identification\\s?number)',
    entity: 'VEHICLE_ID',
  },
  {
    label: 'license\\s?plate|plate(?:\\s?(?:#|no\\.?|number))?|tag\\s?(?:#|no\\.?)',
    entity: 'VEHICLE_ID',
    value: PLATE,
  },
  {
    label:
      'serial(?:\\s?(?:#|no\\.?|number))?|s/n|device\\s?(?:id|serial)|udi|implant\\s?(?:id|serial)|pacemaker\\s?serial',
    entity: 'DEVICE_ID',
  },
];

const COMPILED = LABELS.map(({ label, entity, value }) => ({
  re: new RegExp(
    `\\b(?:${label})(?![a-z])\\s*(?:is\\s+|[:#=]\\s*)?(?:#\\s*)?${value ?? VALUE}(?![\\w-])`,
    'gi',
  ),
  entity,
}));

export const labelledIdRecognizer: Recognizer = {
  name: 'labelled-id',
  needs: FEATURE.digit,
  find(text: string, out: Detection[]) {
    for (const { re, entity } of COMPILED) {
      eachMatch(re, text, (m) => {
        const value = m[1] ?? '';
        if ((value.match(/\d/g)?.length ?? 0) < 3 || value !== value.toUpperCase()) return;
        const start = m.index + m[0].length - value.length;
        out.push({ entity, start, end: start + value.length, score: 0.8, detector: 'labelled-id' });
      });
    }
  },
};
