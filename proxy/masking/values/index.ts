export { decodeCell } from './decode-cell.js';
export { encodeCell } from './encode-cell.js';
export { type CellMaskContext, maskCell } from './mask-cell.js';
export { type CellStrategy, type MaskedColumnPlan, planMaskedColumn } from './plan-masked-column.js';
export { OID, TYPE_SIZE } from './type-oids.js';
