/** An error that ends the session with a FATAL ErrorResponse carrying this SQLSTATE. */
export class WireFatal extends Error {
  constructor(
    readonly sqlstate: string,
    message: string,
    readonly detail?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'WireFatal';
  }
}
