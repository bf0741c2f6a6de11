/**
 * PostgreSQL protocol 3.0 message type bytes (PostgreSQL docs, "Message Formats").
 * Frontend = client to server, backend = server to client. Values are char codes.
 */
export const FE = {
  bind: 0x42, // 'B'
  close: 0x43, // 'C'
  copyData: 0x64, // 'd'
  copyDone: 0x63, // 'c'
  copyFail: 0x66, // 'f'
  describe: 0x44, // 'D'
  execute: 0x45, // 'E'
  flush: 0x48, // 'H'
  functionCall: 0x46, // 'F'
  parse: 0x50, // 'P'
  password: 0x70, // 'p' (also SASLInitialResponse / SASLResponse / GSSResponse)
  query: 0x51, // 'Q'
  sync: 0x53, // 'S'
  terminate: 0x58, // 'X'
} as const;

export const BE = {
  authentication: 0x52, // 'R'
  backendKeyData: 0x4b, // 'K'
  bindComplete: 0x32, // '2'
  closeComplete: 0x33, // '3'
  commandComplete: 0x43, // 'C'
  copyData: 0x64, // 'd'
  copyDone: 0x63, // 'c'
  copyInResponse: 0x47, // 'G'
  copyOutResponse: 0x48, // 'H'
  copyBothResponse: 0x57, // 'W'
  dataRow: 0x44, // 'D'
  emptyQueryResponse: 0x49, // 'I'
  errorResponse: 0x45, // 'E'
  functionCallResponse: 0x56, // 'V'
  negotiateProtocolVersion: 0x76, // 'v'
  noData: 0x6e, // 'n'
  noticeResponse: 0x4e, // 'N'
  notificationResponse: 0x41, // 'A'
  parameterDescription: 0x74, // 't'
  parameterStatus: 0x53, // 'S'
  parseComplete: 0x31, // '1'
  portalSuspended: 0x73, // 's'
  readyForQuery: 0x5a, // 'Z'
  rowDescription: 0x54, // 'T'
} as const;

/** Codes in the version field of untyped startup-phase packets. */
export const STARTUP = {
  protocol3: 196608, // 3.0 = 0x00030000
  sslRequest: 80877103, // 1234.5679
  gssEncRequest: 80877104, // 1234.5680
  cancelRequest: 80877102, // 1234.5678
} as const;

/** Authentication request subtypes (the Int32 after 'R'). */
export const AUTH = {
  ok: 0,
  cleartextPassword: 3,
  md5Password: 5,
  sasl: 10,
  saslContinue: 11,
  saslFinal: 12,
} as const;

/** ReadyForQuery transaction status bytes. */
export const TX = { idle: 0x49, inBlock: 0x54, failed: 0x45 } as const; // 'I' 'T' 'E'
