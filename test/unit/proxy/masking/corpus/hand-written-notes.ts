import type { PhiEntity } from '../../../../../core/phi/entities.js';
import type { LabelledText } from './evaluate.js';

/**
 * Notes written by hand in styles the demo generator does not use (telephone encounters,
 * upper-case discharge headers, referral letters, triage shorthand, portal messages, billing
 * and device notes). PHI is marked `[[ENTITY|value]]`; the parser strips the marks and records
 * the spans. Written before the detectors were measured on them; after the first run only wrong
 * labels were fixed (an NPI and a DEA number with bad check digits, an unlabelled date), never the detectors.
 */
const NOTES = [
  `TELEPHONE ENCOUNTER [[DATE|02/14/2023]] 0915
Caller: [[PERSON_NAME|Dolores Fitzgerald]] (daughter) re: mother [[PERSON_NAME|Agnes Fitzgerald]], DOB [[BIRTH_DATE|07/02/1931]].
Callback [[PHONE|(412) 555-0187]]. Pt is [[AGE|91]] y/o, fell at home last night, no LOC. Advised ED eval at UPMC.
Daughter states she will drive her. RN [[PERSON_NAME|T. Okoro]]`,

  `DISCHARGE SUMMARY
PATIENT: [[PERSON_NAME|WASHINGTON, DENISE]]      MRN: [[MRN|00731942]]      ACCT#: [[ACCOUNT_NUMBER|A88120934]]
ADMIT: [[DATE|11/02/2022]]   DISCHARGE: [[DATE|11/06/2022]]
ATTENDING: [[PERSON_NAME|Rafael Gutierrez]], MD (NPI [[NPI|1972834653]])
Dx: NSTEMI. Cath [[DATE|11/03]] showed 90% LAD, DES placed. Home on DAPT.
F/u cardiology 2 wks. Pt lives at [[STREET_ADDRESS|1187 Linden Ave]], [[CITY|Pittsburgh]], [[STATE|PA]] [[ZIP|15221]].`,

  `Dear Dr. [[PERSON_NAME|Feldman]],
Thank you for seeing [[PERSON_NAME|Mr. Hiroshi Tanaka]] (DOB [[BIRTH_DATE|March 3, 1958]]) in consultation for progressive dyspnea.
He was last seen here on [[DATE|January 17, 2024]]. His wife, [[PERSON_NAME|Keiko]], can be reached at [[PHONE|206.555.0142]]
or [[EMAIL|keiko.tanaka58@example.net]]. Records were faxed to your office at [[FAX|206-555-0199]].
Sincerely,
[[PERSON_NAME|Amanda Price]], NP`,

  `ED triage: 34F c/o RLQ pain x2d, +N/V. LMP [[DATE|1/28/24]]. VS T 38.1 HR 104 BP 118/76 RR 18 SpO2 99% RA.
Pain 7/10. Hx appy? no. Meds: OCP. NKDA. Pt arrived w/ boyfriend [[PERSON_NAME|Derek]]. Ins: Medicaid ID [[HEALTH_PLAN_ID|MCD772914403]].`,

  `Portal message from pt ([[EMAIL|jlin2210@example.com]]) [[DATE|2024-05-09]] 22:14:
"Hi, this is [[PERSON_NAME|Jason Lin]]. My new address is [[STREET_ADDRESS|55 Harbor View Rd Unit 12]], [[CITY|Portland]], [[STATE|ME]] [[ZIP|04101]].
Please update my pharmacy too. My cell is now [[PHONE|207-555-0163]]. Thanks!"`,

  `Social work note. Met with pt and her grandson [[PERSON_NAME|Tyrone Jackson]] at bedside. Pt, [[PERSON_NAME|Mrs. Jackson]],
is a [[AGE|94]]-year-old widow who lives alone in [[CITY|Baltimore]]. Grandson visits weekly. Discussed home health
referral and Meals on Wheels. Pt receives SSI; SSN [[SSN|212-67-4410]] verified with registration.`,

  `Billing note: card on file [[CREDIT_CARD|4532 0151 1283 0366]] declined [[DATE|3/2/2024]]. Left VM for guarantor [[PERSON_NAME|Mark Olsen]]
at [[PHONE|+1 (952) 555-0110]]. Account [[ACCOUNT_NUMBER|0049211873]] placed on hold.`,

  `Device clinic: ICD interrogation. Device serial [[DEVICE_ID|PZC301988S]]. Remote monitoring via [[URL|https://carelink.example.com/patient/88213]].
Last transmission [[DATE|2023-08-30]]. No VT/VF episodes. Battery 7.1 y. Next remote in 91 days.`,

  `Radiology report
Exam: CT head w/o contrast   Date: [[DATE|04/11/2021]]
Patient: [[PERSON_NAME|Guadalupe Ortiz]]   DOB: [[BIRTH_DATE|1949-12-24]]   MRN: [[MRN|MRN40028811]]
Findings: no acute intracranial hemorrhage. Chronic small vessel ischemic change.
Read by [[PERSON_NAME|Dr. Benjamin Cohen]] [[DATE|04/11/2021]] 14:32.`,

  `Pharmacy: Rx for oxycodone 5 mg #20 written by [[PERSON_NAME|Dr. Lakshmi Iyer]] (DEA [[DEA|BI4213574]]), filled [[DATE|06/14/2022]].
PDMP checked. Pt picked up, ID: driver's license [[LICENSE_NUMBER|D1234-56789-01234]].`,

  `Progress note
- Pt [[PERSON_NAME|Olga Petrov]] seen with interpreter for f/u of HTN.
- BP today 142/88; increase amlodipine to 10 mg.
- She reports her son [[PERSON_NAME|Ivan]] now manages her meds.
- Labs [[DATE|Sept 2023]]: Cr 1.1, K 4.3.
- RTC 3 months.`,

  `Security log: EHR login for [[PERSON_NAME|Nancy Lee]] record from IP [[IP_ADDRESS|172.16.4.22]] at [[DATE|2024-01-05T03:12:44Z]] flagged as unusual.
Privacy office notified.`,

  `Nursing: Pt ambulated 200 ft with walker, tolerated well. Foley removed 0600, voided 300 mL at 1000.
Morse fall score 45. Bed alarm on. Family updated by phone.`,

  `Case management: Medicare beneficiary, MBI [[HEALTH_PLAN_ID|1EG4TE5MK73]]. SNF placement at Sunrise of [[CITY|Springfield]].
Contact: [[PERSON_NAME|Patricia Nguyen]] (POA) [[PHONE|413-555-0177]], [[EMAIL|pnguyen@example.org]].`,
];

const MARK = /\[\[([A-Z_]+)\|([^\]]+)\]\]/g;

export function handWrittenNotes(): LabelledText[] {
  return NOTES.map((marked) => {
    let text = '';
    const spans: Array<{ entity: PhiEntity; start: number; end: number }> = [];
    let last = 0;
    for (const m of marked.matchAll(MARK)) {
      text += marked.slice(last, m.index);
      spans.push({ entity: m[1] as PhiEntity, start: text.length, end: text.length + (m[2] ?? '').length });
      text += m[2];
      last = m.index + m[0].length;
    }
    text += marked.slice(last);
    return { text, spans };
  });
}
