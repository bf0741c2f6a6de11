import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Never log PHI, tokens, secrets, statement literals or row values:
 * log names, ids, counts, codes. The redact list is a second line of defence only.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'phigate' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['password', 'token', 'authorization', '*.password', '*.token', '*.authorization', 'params'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

export type { Logger };
