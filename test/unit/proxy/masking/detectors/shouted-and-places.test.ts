/**
 * Names and places that hide from capitalization-reading recognizers: text in capitals
 * (`upper(notes)`), a last name after a personal title whose line break was flattened away,
 * and cities without a state (a gazetteer of larger cities and state capitals, and a residence
 * cue for towns it does not know).
 */
import { describe, expect, it } from 'vitest';
import { isShouted, truecase } from '../../../../../proxy/masking/detectors/truecase.js';
import { found } from './helpers.js';

describe('text in capitals', () => {
  it('reads names and places from a same-length truecased copy', () => {
    const cases: Array<[string, 'PERSON_NAME' | 'CITY', string]> = [
      ['IS FOLLOWED BY JOHN JORDAN, NP. PER HIS PARTNER', 'PERSON_NAME', 'JOHN JORDAN'],
      ['CHART NOTE FOR MR. GARCIA\nMEDICAL RECORD NUMBER: MRN12345678', 'PERSON_NAME', 'GARCIA'],
      ['SEEN WITH HER DAUGHTER MARIA LOPEZ TODAY.', 'PERSON_NAME', 'MARIA LOPEZ'],
      ['SIGNED: PRIYA PATEL, MD', 'PERSON_NAME', 'PRIYA PATEL'],
      ['LIVES WITH HIS BROTHER IN CEDAR RAPIDS. SINCE THE LAST VISIT', 'CITY', 'CEDAR RAPIDS'],
      ["DRIVER'S LICENSE D1234567 (FARGO, ND) SCANNED AT CHECK-IN.", 'CITY', 'FARGO'],
      ['RESIDES IN SIOUX FALLS WITH HER HUSBAND.', 'CITY', 'SIOUX FALLS'],
    ];
    for (const [text, entity, expected] of cases) expect(found(text, entity), text).toContain(expected);
  });

  it('leaves everyday capitals alone', () => {
    const negatives = [
      'PATIENT WILL FOLLOW UP IN CLINIC IN JANUARY.',
      'PLAN: CONTINUE METFORMIN 500 MG BID. RETURN IN 3 MONTHS.',
      'NO ACUTE DISTRESS. LUNGS CLEAR TO AUSCULTATION BILATERALLY.',
      'MAY RESUME NORMAL ACTIVITY AS TOLERATED.',
      'HISTORY OBTAINED FROM THE PATIENT AND CHART REVIEW.',
    ];
    for (const text of negatives) expect(found(text, 'PERSON_NAME'), text).toEqual([]);
    for (const text of negatives) expect(found(text, 'CITY'), text).toEqual([]);
  });

  it('keeps every offset: only ASCII letters change case', () => {
    const text = "CHART NOTE FOR MR. O'BRIEN — MRN12345678, FARGO, ND 58102. ÉLODIE SAW HIM.";
    const shadow = truecase(text);
    expect(shadow).toHaveLength(text.length);
    expect(shadow.toUpperCase()).toBe(text.toUpperCase());
    expect(shadow).toContain('MRN12345678');
    expect(shadow).toContain('Fargo, ND');
  });

  it('tells shouted text from prose', () => {
    expect(isShouted('LIVES WITH HIS BROTHER IN FARGO')).toBe(true);
    expect(isShouted('Lives with his brother in Fargo')).toBe(false);
    expect(isShouted('MRN 12345678')).toBe(false); // too few letters to say
  });
});

describe('a last name after a personal title', () => {
  it('holds even when an organization word follows once the line break is gone', () => {
    expect(found('Chart note for Mr. Garcia Medical record number: MRN12345678', 'PERSON_NAME')).toEqual([
      'Garcia',
    ]);
    expect(found('Seen by Mrs. Okafor Clinic staff today', 'PERSON_NAME')).toEqual(['Okafor']);
  });

  it('still reads an organization without a personal title as one', () => {
    expect(found('Referred to Mercy Medical Center for imaging.', 'PERSON_NAME')).toEqual([]);
    expect(found('Follow up at Dr. Smith Medical Group.', 'PERSON_NAME')).toEqual([]);
  });
});

describe('cities without a state', () => {
  it('knows larger cities and state capitals after a place preposition', () => {
    for (const city of [
      'Cedar Rapids',
      'Sioux Falls',
      'Fargo',
      'Billings',
      'Cheyenne',
      'Harrisburg',
      'Trenton',
      'Eugene',
    ])
      expect(found(`She lives with her aunt in ${city}.`, 'CITY'), city).toEqual([city]);
  });

  it('takes an unknown town after a residence cue, not other capitalized words', () => {
    expect(found('He lives with his aunt in Yreka and works nights.', 'CITY')).toEqual(['Yreka']);
    expect(found('Recently moved here from Cedar Falls.', 'CITY')).toEqual(['Cedar Falls']);
    expect(found('Lives in Room 4 of the facility.', 'CITY')).toEqual([]);
    expect(found('Follow up in January with the clinic.', 'CITY')).toEqual([]);
    expect(found('Seen in Cardiology for palpitations.', 'CITY')).toEqual([]);
  });
});

describe('a name whose age cue was cut off by the end of the value', () => {
  it('is still a name when the value ends inside the age phrase (left(notes, n))', () => {
    const cases: Array<[string, string]> = [
      ['HPI: Jack, 8', 'Jack'],
      ['Chief complaint reviewed with Rose, 87-ye', 'Rose'],
      ['Seen today: Faith, 62 y/', 'Faith'],
      ['Intake: Faith is a 45', 'Faith'],
      ['Note started for Jack, 87 year o', 'Jack'],
    ];
    for (const [text, name] of cases) expect(found(text, 'PERSON_NAME'), text).toContain(name);
  });

  it('needs the cut to be at the very end and to look like an age', () => {
    const negatives = [
      'Jack, 8 units of insulin given at bedtime.',
      'Room: Hope, 12B',
      'Will, 80 mg daily',
      'Reviewed: May, 2',
    ];
    for (const text of negatives) expect(found(text, 'PERSON_NAME'), text).toEqual([]);
  });
});
