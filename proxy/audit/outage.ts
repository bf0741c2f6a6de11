import type { RecordType } from '../../core/audit/schema/record.js';

/** A period of failed writes, as the `log.outage` record written after it describes it. */
export class Outage {
  readonly since: string;
  error = '';
  #failedWrites = 0;
  #rejectedIntents = 0;
  #rejectedSessionStarts = 0;
  droppedRecordingBytes = 0;

  constructor(since: string) {
    this.since = since;
  }

  failed(code: string): void {
    this.#failedWrites++;
    this.error = code;
  }

  rejected(type: RecordType): void {
    if (type === 'statement.intent') this.#rejectedIntents++;
    if (type === 'session.start') this.#rejectedSessionStarts++;
  }

  /** The data of `log.outage`, written with the first batch that succeeds. */
  record(until: string): Record<string, unknown> {
    return {
      since: this.since,
      until,
      failedWrites: this.#failedWrites,
      error: this.error,
      rejectedIntents: this.#rejectedIntents,
      rejectedSessionStarts: this.#rejectedSessionStarts,
      droppedRecordingBytes: this.droppedRecordingBytes,
    };
  }
}
