import type { PhiEntity } from '../../../core/phi/entities.js';

const TOKENS = new Map<string, string>();

/** `[SSN]`, `[PERSON_NAME]`: the entity's redaction token. */
export function redactToken(entity: PhiEntity | 'FREE_TEXT'): string {
  let t = TOKENS.get(entity);
  if (t === undefined) TOKENS.set(entity, (t = `[${entity}]`));
  return t;
}
