/**
 * Sentence templates of the clinical note, by section. `{slot}` inserts a value (see slots-*.ts);
 * a leading `?guard ` keeps the template for encounters where the guard holds (see template.ts).
 * Every name, date, number or address a note contains comes from a slot, so its span is exact.
 */
export const HEADER = [
  '{dept_name} - {visit_type}\nPatient: {last_first_upper}    MRN: {mrn}    DOB: {dob}\nDate of service: {date_admit_full} {time}    Location: Room {room}',
  '{visit_type_upper}\nName: {name}  |  {mrn}  |  DOB {dob}  |  Age/Sex: {age_short} {sex_letter}\nAttending: {attending_full}  |  Service: {dept_name}',
  'Patient {name} ({mrn}) was seen on {date_admit} at {time} in {dept_name}.',
  'RE: {last_first}, DOB {dob}, MRN: {mrn}\nVisit date: {date_admit_full}',
  '{dept_name} {visit_type} -- {date_admit_full}\n{name_any}, {age_phrase} {sex_word}, {mrn}',
  'Chart note for {name_any}\nMedical record number: {mrn}\nDate of birth: {dob} ({age_phrase})',
  '{mrn} / {last_first_upper} / {dob}\nSeen in {dept_name}, Room {room}, bed {bed}, on {date_admit}.',
  '?adult FACE SHEET\nName: {last_first_upper}   DOB: {dob}   SSN: {ssn}\nMRN: {mrn}   Home phone: {phone}   Insurance: {payer} {member_id}',
  '?inpatient ADMISSION {date_admit_full} {time} | {dept_code} | Pt: {name} | {mrn} | Insurance: {payer} {member_id}',
];

export const HPI = [
  '{name} is {a_age_phrase} {sex_word} with a history of {history_list} who presents with {complaint} for {duration}.',
  '{name_formal} reports {complaint} that began on {date_onset}.',
  'Per {possessive} {rel} {rel_name}, symptoms started {duration} ago and have progressed.',
  '{pronoun_cap} was last seen in clinic on {date_prior} by {consultant} for {prior_reason}.',
  '{pronoun_cap} denies chills or weight loss. Pain is {pain}, {pain_quality}.',
  '{first} received {med} at {time}.',
  'History obtained from the patient and {possessive} {rel}, {rel_first}, who is at the bedside.',
  'Patient was diagnosed with {history_item} in {year} and is followed by {consultant}.',
  'Of note, {pronoun} was hospitalized at an outside facility in {month_year} for {prior_reason}.',
  '?emergency {name_formal} arrived by EMS from home at {address_inline} after {possessive} {rel} called 911.',
  'The patient, {a_age_phrase} {sex_word} from {city_state}, was referred by {consultant} (NPI {consultant_npi}).',
  '{pronoun_cap} reports {duration} of {complaint}; symptoms are worse at night and improve with rest.',
  'Outside records faxed from {fax} on {date_prior} were reviewed.',
  '{first} was born on {dob} and lives with {possessive} {rel} in {city}.',
  '?emergency {pronoun_cap} was the restrained driver of a {car} (plate {plate}) in a low-speed collision at {time}.',
  'Since the last visit on {date_prior}, {pronoun} {has} been taking {med} as prescribed.',
  '?older {possessive_cap} {rel} {rel_name} reports that {pronoun} {be} more confused than usual since {date_onset}.',
  'Chief complaint: "{complaint}". Onset {duration} ago.',
];

export const MEDS = [
  'Current medications:\n{meds_list}',
  'Meds: {meds_inline}.',
  'Started {med} on {date_admit}.',
  'Prescription for {med} sent to pharmacy by {attending} (DEA {dea}).',
  'Home medications reconciled: {meds_inline}. Dispensed NDC {ndc}.',
];

export const SOCIAL = [
  'Lives with {possessive} {rel} {rel_name}; emergency contact {rel_first} at {rel_phone}.',
  'Emergency contact: {rel_name} ({rel}), {rel_phone}.',
  'Family history: {family_history}. Social: {social}',
  'Social history: {social} Lives in {city_state}.',
  'Spoke with {rel_name} by phone at {rel_phone} on {date_admit} to update on the plan.',
  '{rel_name} can be reached at {rel_email} or {rel_phone}.',
  '{possessive_cap} {rel} helps with medications; {rel_first} asked that updates go to {rel_email}.',
];

export const OBJECTIVE = [
  'Vitals: {vitals}',
  '{vitals}\nExam: {exam}',
  'Exam: {exam} {gcs}.',
  '{gcs}. {exam}',
  'Physical exam at {time}: {exam} Ejection fraction {ef} on last echo ({date_prior}).',
];

export const LABS = [
  '?labs Labs ({date_lab}): {labs_inline}.',
  '?labs Results:\n{labs_table}',
  '?labs Pertinent labs drawn {date_lab}: {labs_inline}. Will trend {lab_short}.',
];

export const ASSESSMENT = [
  'Assessment: {age_phrase} {sex_word} with {dx}.',
  'Assessment and plan:\n1. {dx}: {plan_action}.\n2. Continue {med}.\n3. Recheck {lab_short} in {followup_interval}.',
  'Impression: {dx_text}. Start {med}. Consult {consultant_dept} ({consultant}).',
  'Follow up with {consultant} on {date_next} at {clinic_time}.',
  'Return to clinic in {followup_interval} (tentatively {date_next}); call {phone} sooner with any concerns.',
  '?discharged Discharged home on {date_discharge} in stable condition with {possessive} {rel}.',
  'CPT {cpt}; ICD-10 {dx_code}. Total time {minutes} minutes, more than 50% counseling.',
  '?outpatient Administered {vaccine_lot} in the left deltoid.',
  '{score}. Plan: {plan_action}.',
  '?still_admitted Remains inpatient in room {room}; anticipate discharge in {followup_interval}.',
  'Plan: {plan_action}; {plan_action}.',
];

export const ADMIN = [
  "Patient's preferred phone is {phone}; email on file {email}.",
  'Address verified at registration: {address}.',
  'Insurance: {payer}, member ID {member_id}.',
  '?adult SSN {ssn} confirmed for billing with {payer} (member {member_id}).',
  'Portal message sent to {email} on {date_admit}.',
  'Patient requests records be mailed to {address_inline}.',
  'Callback number: {phone}.',
  'Billing account {account}; copay collected.',
  '?adult Payment with card {card} was declined; patient will call back at {phone}.',
  'Patient shared a fundraiser page, {url}; social work is aware.',
  'Portal login from IP {ip} flagged for unusual activity on {date_admit}.',
  "?adult Driver's license {license} ({city_state}) scanned at check-in.",
  'Device check: {device_model}, serial {device}, functioning normally.',
  'Please fax records to {fax}, attn: {consultant}.',
  'Verified identity with two identifiers: name {name} and DOB {dob}.',
  '?adult Financial counseling: SSN on file {ssn}; {payer} eligibility confirmed for member {member_id}.',
  'Mailing address: {street}, {city_state} {zip}. Phone {phone}.',
];

export const SIGNATURE = [
  'Electronically signed by {attending_full} (NPI {npi}) on {date_sign} at {time}.',
  '{attending_full}\nNPI: {npi}\n{dept_name}',
  'I saw and examined the patient and agree with the plan above. -- {attending}, NPI {npi}',
  'Dictated by {attending}, NPI {npi}. Dictated {date_sign} {time}; transcribed {date_sign}.',
  'Note written by {attending_full} (NPI {npi}); cosigned by {consultant_full}.',
];
