/**
 * OutputBatch: frames collected while a chunk is processed leave in as few writes as the
 * bytes allow. Runs against a real loopback TCP socket and counts the writes it is handed.
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputBatch } from '../../../../proxy/pg/session/output-batch.js';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

/** A connected socket pair; `received()` resolves with what the far end read once it has `n` bytes. */
async function pair(): Promise<{ sender: Socket; writes: Buffer[][]; received(n: number): Promise<Buffer> }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const accepted = once(server, 'connection');
  const sender = connect(port, '127.0.0.1');
  await once(sender, 'connect');
  const [far] = (await accepted) as [Socket];
  const chunks: Buffer[] = [];
  far.on('data', (d: Buffer) => chunks.push(d));
  open.push({
    close: () => {
      sender.destroy();
      far.destroy();
      server.close();
    },
  });
  // What each write call to the kernel was given: one entry per _write/_writev, its buffers.
  const writes: Buffer[][] = [];
  const s = sender as unknown as {
    _write(c: Buffer, e: string, cb: () => void): void;
    _writev(cs: { chunk: Buffer }[], cb: () => void): void;
  };
  const w = s._write.bind(sender);
  const wv = s._writev.bind(sender);
  s._write = (c, e, cb) => {
    writes.push([c]);
    w(c, e, cb);
  };
  s._writev = (cs, cb) => {
    writes.push(cs.map((x) => x.chunk));
    wv(cs, cb);
  };
  return {
    sender,
    writes,
    async received(n) {
      while (Buffer.concat(chunks).length < n) await once(far, 'data');
      return Buffer.concat(chunks);
    },
  };
}

describe('OutputBatch', () => {
  it('sends consecutive views of one received chunk as one buffer', async () => {
    const p = await pair();
    const batch = new OutputBatch(p.sender, () => undefined);
    const chunk = Buffer.from('BBBBBDDDDEEEEEESSSS');
    batch.add(chunk.subarray(0, 5));
    batch.add(chunk.subarray(5, 9));
    batch.add(chunk.subarray(9, 15));
    batch.add(chunk.subarray(15));
    expect(batch.flush()).toBe(chunk.length);
    expect(p.writes).toHaveLength(1);
    expect(p.writes[0]).toHaveLength(1);
    expect((await p.received(chunk.length)).toString()).toBe(chunk.toString());
  });

  it('keeps separate buffers apart, in order, in one corked write', async () => {
    const p = await pair();
    const batch = new OutputBatch(p.sender, () => undefined);
    const chunk = Buffer.from('0123456789');
    const other = Buffer.from('masked!');
    batch.add(chunk.subarray(0, 4));
    batch.add(chunk.subarray(5, 8)); // a gap: byte 4 is left out
    batch.add(other);
    batch.addRange(chunk, 8, 10);
    batch.flush();
    expect(p.writes).toHaveLength(1);
    expect(p.writes[0]).toHaveLength(4);
    expect((await p.received(16)).toString()).toBe('0123567masked!89');
  });

  it('merges ranges of the same buffer and views of it alike', async () => {
    const p = await pair();
    const batch = new OutputBatch(p.sender, () => undefined);
    const chunk = Buffer.from('abcdefghij');
    batch.addRange(chunk, 0, 3);
    batch.addRange(chunk, 3, 6);
    batch.add(chunk.subarray(6, 10));
    batch.flush();
    expect(p.writes.map((w) => w.length)).toEqual([1]);
    expect((await p.received(10)).toString()).toBe('abcdefghij');
  });
});
