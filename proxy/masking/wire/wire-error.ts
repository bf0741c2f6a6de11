/**
 * Errors of the wire codecs. Both fail the statement closed (SQLSTATE PG020): the masking stage
 * turns them into a refusal instead of relaying bytes it could not read or rewrite. Messages name
 * the protocol message and what is wrong with it, never a value.
 */
import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';

/** A backend message that does not have the layout its type promises (truncated, bad counts...). */
export class MalformedMessageError extends PhigateError {
  /** The protocol message that was malformed (`DataRow`, `CopyData`, ...). */
  readonly messageType: string;

  constructor(messageType: string, problem: string) {
    super('MASKING_MESSAGE_MALFORMED', `${messageType} message cannot be masked: ${problem}`, {
      sqlstate: SQLSTATE.maskingUnavailable,
      status: 502,
    });
    this.name = 'MalformedMessageError';
    this.messageType = messageType;
  }
}

/** A COPY whose options or encoding the masker cannot handle exactly (for example ENCODING 'LATIN1'). */
export class UnsupportedCopyError extends PhigateError {
  constructor(problem: string) {
    super('MASKING_COPY_UNSUPPORTED', `COPY cannot be masked: ${problem}`, {
      sqlstate: SQLSTATE.maskingUnavailable,
      status: 400,
    });
    this.name = 'UnsupportedCopyError';
  }
}

/** Throws MalformedMessageError unless `frame` starts with `type` and its length word matches its size. */
export function checkFrame(frame: Buffer, type: number, messageType: string, minBody = 0): void {
  if (frame.length < 5 + minBody) throw new MalformedMessageError(messageType, 'message is truncated');
  if (frame[0] !== type) throw new MalformedMessageError(messageType, 'unexpected message type');
  if (frame.readInt32BE(1) !== frame.length - 1) {
    throw new MalformedMessageError(messageType, 'length word does not match the message size');
  }
}
