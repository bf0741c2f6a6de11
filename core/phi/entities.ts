/**
 * PHI entity types phigate classifies, detects and masks: the HIPAA Safe Harbor identifiers
 * (45 CFR 164.514(b)(2)) plus clinical identifiers that carry identity (NPI, DEA).
 */
export const PHI_ENTITY = {
  personName: 'PERSON_NAME',
  ssn: 'SSN',
  mrn: 'MRN',
  date: 'DATE',
  birthDate: 'BIRTH_DATE',
  age: 'AGE',
  phone: 'PHONE',
  fax: 'FAX',
  email: 'EMAIL',
  streetAddress: 'STREET_ADDRESS',
  city: 'CITY',
  state: 'STATE',
  zip: 'ZIP',
  healthPlanId: 'HEALTH_PLAN_ID',
  accountNumber: 'ACCOUNT_NUMBER',
  licenseNumber: 'LICENSE_NUMBER',
  vehicleId: 'VEHICLE_ID',
  deviceId: 'DEVICE_ID',
  url: 'URL',
  ipAddress: 'IP_ADDRESS',
  biometricId: 'BIOMETRIC_ID',
  photo: 'PHOTO',
  npi: 'NPI',
  dea: 'DEA',
  creditCard: 'CREDIT_CARD',
  otherId: 'OTHER_ID',
} as const;

export type PhiEntity = (typeof PHI_ENTITY)[keyof typeof PHI_ENTITY];

export const PHI_ENTITIES: readonly PhiEntity[] = Object.values(PHI_ENTITY);

export const isPhiEntity = (value: string): value is PhiEntity =>
  (PHI_ENTITIES as readonly string[]).includes(value);

/** Masking methods (see the masking section of the config). */
export const MASK_METHOD = {
  redact: 'redact',
  partial: 'partial',
  pseudonymize: 'pseudonymize',
  generalize: 'generalize',
  null: 'null',
} as const;

export type MaskMethod = (typeof MASK_METHOD)[keyof typeof MASK_METHOD];
