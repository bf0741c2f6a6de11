import { type Detection, eachMatch, FEATURE, type Recognizer } from '../detection.js';
import { FIRST_NAMES } from '../lexicon/first-names.js';
import { LAST_NAMES } from '../lexicon/last-names.js';
import { NOT_NAMES } from '../lexicon/name-stopwords.js';
import { US_CITIES } from '../lexicon/us-cities.js';
import { US_STATE_CODES, US_STATE_NAMES } from '../lexicon/us-states.js';

const CITY_WORDS = "[A-Z][a-z]+(?:['’.-][A-Za-z]+)?(?:[ -](?:[A-Z][a-z]+|of|de|la|del)){0,3}";
const STATE = `(${US_STATE_CODES.join('|')}|${US_STATE_NAMES.join('|')})`;
/** `Phoenix, AZ`, `Los Angeles, California`, `Saint Paul, MN 55101`, `Colorado Springs Colorado 80920`. */
const CITY_STATE = new RegExp(
  `(?<![\\w'’-])(${CITY_WORDS})(?:,[ \\t]+${STATE}\\b(?![a-z])|[ \\t]+${STATE}(?=,?[ \\t]+\\d{5}\\b))`,
  'g',
);
/** A street suffix ending the "city": the run is the street of an address, not a city. */
const STREET_END =
  /\b(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Ln|Lane|Dr|Drive|Ct|Court|Pl|Place|Way|Ter|Cir|Pkwy|Hwy|Sq|Trl)$/;
/** Credentials that are also state codes: `Jane Smith, MD`, `John Doe, PA`. */
const CREDENTIAL_CODES = new Set(['MD', 'PA', 'DE', 'NP']);
/** `lives in Dallas`, `from Charlotte`, `moved to New Orleans`. */
const PLACE_BEFORE =
  /\b(?:in|from|near|to|at|of|lives in|moved to|resident of|born in|raised in|visiting)[ \t]+$/i;
/** `lives in`, `lives with her aunt in`, `resides in`, `moved here from`, `grew up in`. */
const RESIDENCE_BEFORE =
  /\b(?:lives|living|resides|residing|moved|relocated|grew up|raised|born|resident)\b[^.\n;:]{0,30}?\b(?:in|from|to)[ \t]+$/i;
const CAPITALIZED_RUN = /(?<![\w'’-])[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}/g;

/** `Sonia Mendez, MD`: a person with a credential, unless a ZIP follows or the city is known. */
const hasNameWord = (words: string) =>
  words.split(/[ -]/).some((w) => FIRST_NAMES.has(w.toLowerCase()) || LAST_NAMES.has(w.toLowerCase()));

/** Cities and the state right after them, and well-known cities after a place preposition. */
export const cityStateRecognizer: Recognizer = {
  name: 'city-state',
  needs: FEATURE.upper,
  find(text: string, out: Detection[]) {
    CITY_STATE.lastIndex = 0;
    for (let m = CITY_STATE.exec(text); m !== null; m = CITY_STATE.exec(text)) {
      const city = m[1] ?? '';
      const state = m[2] ?? m[3] ?? '';
      const stateStart = m.index + m[0].length - state.length;
      // The state may itself start the next `City, ST` (`Oak St, New York, NY`): resume there.
      CITY_STATE.lastIndex = stateStart;
      const known = US_CITIES.has(city.toLowerCase());
      if (STREET_END.test(city)) continue;
      const zipAfter = /^,?[ \t]+\d{5}\b/.test(
        text.slice(stateStart + state.length, stateStart + state.length + 8),
      );
      if (CREDENTIAL_CODES.has(state) && !known && !zipAfter && hasNameWord(city)) continue;
      const cityStart = m.index;
      out.push({
        entity: 'CITY',
        start: cityStart,
        end: cityStart + city.length,
        score: known ? 0.85 : 0.7,
        detector: 'city-state',
      });
      out.push({
        entity: 'STATE',
        start: stateStart,
        end: stateStart + state.length,
        score: 0.6,
        detector: 'city-state',
      });
    }
    eachMatch(CAPITALIZED_RUN, text, (m) => {
      let words = m[0];
      // Longest known city that starts the run: `Los Angeles Police` → Los Angeles.
      while (words.length > 0 && !US_CITIES.has(words.toLowerCase())) {
        const cut = words.search(/[ -][^ -]*$/);
        words = cut > 0 ? words.slice(0, cut) : '';
      }
      if (words !== '') {
        if (!PLACE_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) return;
        out.push({
          entity: 'CITY',
          start: m.index,
          end: m.index + words.length,
          score: 0.65,
          detector: 'city-state',
        });
        return;
      }
      // A place the gazetteer does not know, right after a residence cue (`lives with her aunt
      // in Cedar Falls`, `moved here from Yreka`): a town is the likely reading.
      const run = m[0];
      if (!RESIDENCE_BEFORE.test(text.slice(Math.max(0, m.index - 48), m.index))) return;
      if (
        NOT_NAMES.has(run.split(/[ -]/)[0]!.toLowerCase()) ||
        /^[ \t]*\d/.test(text.slice(m.index + run.length))
      )
        return;
      out.push({
        entity: 'CITY',
        start: m.index,
        end: m.index + run.length,
        score: 0.6,
        detector: 'city-state',
      });
    });
  },
};
