import { type Detection, FEATURE, type Recognizer } from '../../detection.js';
import { findInitialLast, findLastFirst, findUpper } from './patterns.js';
import { propagateNames } from './propagate.js';
import { findNameRuns } from './runs.js';

/**
 * Person names: dictionaries of given and family names, titles, relations, roles and labels
 * around them, name-order patterns (`Smith, John`, `JOHN SMITH`, `P. Perry`), then every
 * recurrence in the same text of a name found with confidence.
 */
export const personNameRecognizer: Recognizer = {
  name: 'person-name',
  needs: FEATURE.upper,
  find(text: string, out: Detection[]) {
    const found: Detection[] = [];
    findNameRuns(text, found);
    findLastFirst(text, found);
    findUpper(text, found);
    findInitialLast(text, found);
    propagateNames(text, found, found);
    for (const d of found) out.push(d);
  },
};
