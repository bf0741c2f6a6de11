/** SQLSTATE codes phigate sends on the wire (PostgreSQL Appendix A, plus phigate's own class). */
export const SQLSTATE = {
  successfulCompletion: '00000',
  connectionException: '08000',
  connectionFailure: '08006',
  sqlclientUnableToEstablishSqlconnection: '08001',
  protocolViolation: '08P01',
  featureNotSupported: '0A000',
  invalidAuthorizationSpecification: '28000',
  invalidPassword: '28P01',
  insufficientPrivilege: '42501',
  syntaxError: '42601',
  invalidCatalogName: '3D000',
  programLimitExceeded: '54000',
  tooManyConnections: '53300',
  queryCanceled: '57014',
  adminShutdown: '57P01',
  cannotConnectNow: '57P03',
  idleSessionTimeout: '57P05',
  internalError: 'XX000',
  /** phigate class PG: statements that need or wait for a human approval. */
  approvalRequired: 'PG001',
  approvalDenied: 'PG002',
  approvalExpired: 'PG003',
  /** phigate class PG: the audit sink could not make the intent durable (fail closed). */
  auditUnavailable: 'PG010',
  /** phigate class PG: masking could not be applied (fail closed). */
  maskingUnavailable: 'PG020',
} as const;

export type SqlState = (typeof SQLSTATE)[keyof typeof SQLSTATE];
