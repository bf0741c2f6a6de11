/**
 * Real LOINC codes with their usual unit, adult reference range and reporting precision.
 * Values are drawn inside the range, or in `abnormal` ranges when a diagnosis calls for it.
 */
export interface LabTest {
  readonly loinc: string;
  readonly name: string;
  /** Short name used in notes. */
  readonly short: string;
  readonly unit: string;
  readonly low: number;
  readonly high: number;
  readonly decimals: number;
}

// loinc | name | short | unit | low | high | decimals
const ROWS = `
2345-7|Glucose [Mass/volume] in Serum or Plasma|Glucose|mg/dL|70|99|0
2160-0|Creatinine [Mass/volume] in Serum or Plasma|Creatinine|mg/dL|0.6|1.2|2
3094-0|Urea nitrogen [Mass/volume] in Serum or Plasma|BUN|mg/dL|7|20|0
2951-2|Sodium [Moles/volume] in Serum or Plasma|Sodium|mmol/L|136|145|0
2823-3|Potassium [Moles/volume] in Serum or Plasma|Potassium|mmol/L|3.5|5.1|1
2075-0|Chloride [Moles/volume] in Serum or Plasma|Chloride|mmol/L|98|107|0
2028-9|Carbon dioxide, total [Moles/volume] in Serum or Plasma|CO2|mmol/L|22|29|0
17861-6|Calcium [Mass/volume] in Serum or Plasma|Calcium|mg/dL|8.6|10.3|1
98979-8|Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI 2021)|eGFR|mL/min/1.73m2|90|120|0
718-7|Hemoglobin [Mass/volume] in Blood|Hemoglobin|g/dL|12.0|16.5|1
4544-3|Hematocrit [Volume Fraction] of Blood by Automated count|Hematocrit|%|36|49|1
6690-2|Leukocytes [#/volume] in Blood by Automated count|WBC|10*3/uL|4.5|11.0|1
777-3|Platelets [#/volume] in Blood by Automated count|Platelets|10*3/uL|150|400|0
4548-4|Hemoglobin A1c/Hemoglobin.total in Blood|HbA1c|%|4.6|5.6|1
2093-3|Cholesterol [Mass/volume] in Serum or Plasma|Total cholesterol|mg/dL|140|199|0
2571-8|Triglyceride [Mass/volume] in Serum or Plasma|Triglycerides|mg/dL|50|149|0
2085-9|Cholesterol in HDL [Mass/volume] in Serum or Plasma|HDL|mg/dL|40|80|0
13457-7|Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation|LDL|mg/dL|50|99|0
1742-6|Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma|ALT|U/L|7|56|0
1920-8|Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma|AST|U/L|10|40|0
6768-6|Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma|Alk phos|U/L|44|147|0
1975-2|Bilirubin.total [Mass/volume] in Serum or Plasma|Total bilirubin|mg/dL|0.1|1.2|1
1751-7|Albumin [Mass/volume] in Serum or Plasma|Albumin|g/dL|3.5|5.0|1
3016-3|Thyrotropin [Units/volume] in Serum or Plasma|TSH|mIU/L|0.4|4.0|2
10839-9|Troponin I.cardiac [Mass/volume] in Serum or Plasma|Troponin I|ng/mL|0.00|0.04|2
33762-6|Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma|NT-proBNP|pg/mL|20|125|0
5902-2|Prothrombin time (PT)|PT|s|11.0|13.5|1
6301-6|INR in Platelet poor plasma by Coagulation assay|INR|{INR}|0.9|1.1|1
14979-9|aPTT in Platelet poor plasma by Coagulation assay|aPTT|s|25|35|1
1988-5|C reactive protein [Mass/volume] in Serum or Plasma|CRP|mg/L|0.3|8.0|1
2524-7|Lactate [Moles/volume] in Serum or Plasma|Lactate|mmol/L|0.5|2.0|1
2276-4|Ferritin [Mass/volume] in Serum or Plasma|Ferritin|ng/mL|30|300|0
3040-3|Lipase [Enzymatic activity/volume] in Serum or Plasma|Lipase|U/L|10|60|0
19123-9|Magnesium [Mass/volume] in Serum or Plasma|Magnesium|mg/dL|1.7|2.2|1
33959-8|Procalcitonin [Mass/volume] in Serum or Plasma|Procalcitonin|ng/mL|0.02|0.10|2
21198-7|Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma|beta-hCG|mIU/mL|0|5|0
`;

export const LAB_TESTS: readonly LabTest[] = ROWS.trim()
  .split('\n')
  .map((line) => {
    const [loinc, name, short, unit, low, high, decimals] = line.split('|') as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return { loinc, name, short, unit, low: Number(low), high: Number(high), decimals: Number(decimals) };
  });

const BY_CODE = new Map(LAB_TESTS.map((t) => [t.loinc, t]));

export const labTest = (loinc: string): LabTest => {
  const test = BY_CODE.get(loinc);
  if (!test) throw new RangeError(`unknown LOINC code ${loinc}`);
  return test;
};

/** Panels ordered together (LOINC codes). */
export const LAB_PANELS = {
  bmp: ['2345-7', '2160-0', '3094-0', '2951-2', '2823-3', '2075-0', '2028-9', '17861-6', '98979-8'],
  cbc: ['718-7', '4544-3', '6690-2', '777-3'],
  lipids: ['2093-3', '2571-8', '2085-9', '13457-7'],
  a1c: ['4548-4'],
  liver: ['1742-6', '1920-8', '6768-6', '1975-2', '1751-7'],
  thyroid: ['3016-3'],
  cardiac: ['10839-9', '33762-6'],
  coag: ['5902-2', '6301-6', '14979-9'],
  sepsis: ['2524-7', '1988-5', '33959-8'],
  iron: ['2276-4'],
  pancreas: ['3040-3'],
  magnesium: ['19123-9'],
  hcg: ['21198-7'],
} as const satisfies Record<string, readonly string[]>;

export type LabPanel = keyof typeof LAB_PANELS;
