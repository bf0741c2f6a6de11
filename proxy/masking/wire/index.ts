export {
  type CopyFormat,
  type CopyOptions,
  type CsvCopyOptions,
  copyOptionsFromStatement,
  type TextCopyOptions,
} from './copy-options.js';
export { type CopyMasker, type CopyMaskerOptions, createCopyMasker } from './copy-out.js';
export {
  assertCopyFormat,
  type CopyOutDescription,
  parseCopyOutResponse,
} from './copy-out-response.js';
export { type CellOp, type CellTransform, mapDataRow, maskDataRow } from './data-row.js';
export {
  type ErrorFieldCode,
  maskErrorFields,
  parseServerMessage,
  type ServerMessage,
  serializeServerMessage,
} from './error-fields.js';
export { maskNotification, type Notification, parseNotification } from './notification.js';
export {
  parseRowDescription,
  type RowField,
  rewriteRowDescription,
  type TypeChange,
} from './row-description.js';
export { maskServerMessage, REDACTED, type ServerMessagePolicy } from './server-message.js';
export { MalformedMessageError, UnsupportedCopyError } from './wire-error.js';
