import type { ColumnEntity } from '../../../core/config/masking.js';

/**
 * Column-name vocabulary of the Safe Harbor identifiers (45 CFR 164.514(b)(2)(i)), per class,
 * `|`-separated. Each phrase is a sequence of words (after splitIdentifier); compounds written
 * as one word are listed too.
 */
const PHRASES_BY_CLASS: Readonly<Partial<Record<ColumnEntity, string>>> = {
  SSN: 'ssn|social security|socsec|social sec|ss number',
  MRN: 'mrn|medical record|med rec|medrec|chart number|chart no|emr id|ehr id|patient number|mr number',
  BIRTH_DATE: 'dob|birth date|date of birth|birthdate|birthday|bdate|dateofbirth|born on',
  AGE: 'age|age years',
  PHONE:
    'phone|telephone|tel|mobile|cell|cellphone|phonenumber|contact number|pager|homephone|workphone|msisdn',
  FAX: 'fax|facsimile|faxnumber',
  EMAIL: 'email|e mail|emailaddress|email address',
  STREET_ADDRESS:
    'address|street|addr|address line|addressline|residence|po box|pobox|latitude|longitude|lat|lng|lon|geolocation|geo location|coordinates',
  CITY: 'city|town|municipality|county|precinct|neighborhood|neighbourhood',
  ZIP: 'zip|zipcode|zip code|postal code|postalcode|postcode|zip4|zip 4',
  PERSON_NAME:
    'first name|last name|middle name|full name|given name|family name|maiden name|firstname|lastname|middlename|fullname|fname|lname|mname|surname|givenname|forename|middle initial|nickname|preferred name|next of kin|nok|guardian|emergency contact|guarantor',
  OTHER_ID: 'username|user name|login|employer|household',
  HEALTH_PLAN_ID:
    'member id|memberid|member number|subscriber id|subscriber number|policy number|policy id|policy no|insurance id|insurance number|health plan|beneficiary id|beneficiary number|medicaid|medicare|mbi|hicn|payer id',
  ACCOUNT_NUMBER:
    'account number|account no|account id|acct|account|bank account|iban|routing number|billing account',
  LICENSE_NUMBER:
    'license|licence|license number|drivers license|driver license|dl number|certificate number|passport',
  VEHICLE_ID: 'vin|vehicle id|license plate|plate number|vehicle identification',
  DEVICE_ID: 'device serial|serial number|serial no|serial|udi|device id|imei|mac address|implant serial',
  IP_ADDRESS: 'ip|ip address|ipaddress|ipaddr|ipv4|ipv6|remote addr|client addr',
  URL: 'url|uri|website|web address|homepage|web site',
  BIOMETRIC_ID: 'biometric|fingerprint|retina|voiceprint|iris scan|face template',
  PHOTO: 'photo|photograph|picture|headshot|face image|portrait|avatar',
  NPI: 'npi',
  DEA: 'dea|dea number',
  CREDIT_CARD: 'credit card|card number|cc number|pan|ccnum',
  DATE: 'death date|date of death|dod|deceased date|admission date|admit date|discharge date|service date|dos|visit date|encounter date|appointment',
  FREE_TEXT:
    'notes|note|comment|comments|description|narrative|remarks|memo|free text|freetext|hpi|summary|message|transcript|transcription|impression|findings|instructions|history|body|text|report|reason|chief complaint|assessment|plan|details|observation',
};

export const PHRASES: ReadonlyArray<readonly [string, ColumnEntity]> = Object.entries(
  PHRASES_BY_CLASS,
).flatMap(([entity, phrases]) => (phrases ?? '').split('|').map((p) => [p, entity as ColumnEntity] as const));

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/**
 * Last words that make a column describe an identifier rather than hold it: `zip_count`,
 * `email_verified`, `phone_type`, `age_group`, `license_state`.
 */
export const NEGATING_LAST = words(`
count cnt counts total flag flags verified valid validated type types kind status enabled optin
optout opt consent consented preference pref format length len exists present provided missing
source confirmed required label category group bucket band range class schedule state country
expiration expiry expires issued version template rule ratio rate pct percent score sequence order
rank priority level domain hash_algorithm
`);

/** First words with the same effect: `is_deceased`, `has_email`, `num_phones`, `n_addresses`. */
export const NEGATING_FIRST = words(`
is has num n count total no avg max min sum
`);

/** Words that in front of `name` make it a person's name (`patient_name`, `mother_name`). */
export const PERSON_ROLES = words(`
patient pt contact guarantor subscriber mother father spouse partner nok kin relative guardian
caregiver member insured responsible emergency person parent child sibling legal maiden birth
preferred display full first last middle given family provider physician doctor attending referring
nurse prescriber employee user customer client resident beneficiary dependent owner
`);

/** Tables whose bare `name` column is a person's name. */
export const PERSON_TABLES = words(`
patient patients person persons people member members contact contacts guarantor guarantors
subscriber subscribers relative relatives next_of_kin emergency_contacts emergency_contact
caregivers guardians employees users customers clients residents beneficiaries dependents providers
physicians doctors staff nurses insureds
`);

/** Event words that make a date column a date about the individual (admission, collection, ...). */
export const EVENT_DATE_WORDS = words(`
admit admitted admission discharge discharged visit service encounter collected collection procedure
surgery death died deceased appointment scheduled onset diagnosis diagnosed dx treatment treated
seen arrival arrived departure transfer transferred injury accident vaccination vaccinated
immunization test tested specimen result resulted order ordered prescribed dispensed filled enrolled
enrollment registration registered consent signed start end effective termination
`);

/** System timestamps that are not about the individual. */
export const SYSTEM_DATE_WORDS = words(`
created updated modified inserted deleted loaded etl synced ingested changed processed exported
imported refreshed last version valid expires expired
`);
