/**
 * Maps the cancel keys phigate hands to clients onto the upstream backends they stand for.
 * A client's CancelRequest arrives on a fresh connection with our (pid, secret); the real
 * upstream key never leaves the gateway.
 */
import { timingSafeEqual } from 'node:crypto';
import { cancelUpstream, type UpstreamTarget } from '../upstream/connect.js';

interface Entry {
  secret: Buffer;
  /** Stops work phigate itself is doing for the session (e.g. waiting for an approval). */
  local: () => void;
  target: UpstreamTarget;
  upstreamPid: number;
  upstreamSecret: Buffer;
}

export class CancelRegistry {
  private readonly byPid = new Map<number, Entry>();

  register(
    pid: number,
    secret: number,
    target: UpstreamTarget,
    upstreamPid: number,
    upstreamSecret: Buffer,
    local: () => void,
  ): void {
    const s = Buffer.allocUnsafe(4);
    s.writeInt32BE(secret);
    this.byPid.set(pid, { secret: s, local, target, upstreamPid, upstreamSecret });
  }

  unregister(pid: number, _secret: number): void {
    this.byPid.delete(pid);
  }

  /** Forwards the cancel when the key matches; unknown keys are ignored, as PostgreSQL does. */
  async cancel(pid: number, secret: Buffer): Promise<boolean> {
    const e = this.byPid.get(pid);
    if (!e || e.secret.length !== secret.length || !timingSafeEqual(e.secret, secret)) return false;
    e.local();
    await cancelUpstream(e.target, e.upstreamPid, e.upstreamSecret).catch(() => undefined);
    return true;
  }

  get size(): number {
    return this.byPid.size;
  }
}
