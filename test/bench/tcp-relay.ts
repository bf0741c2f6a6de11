/**
 * The floor for any relay written on Node here: a TCP relay that copies bytes both ways
 * and parses nothing. The bench runs pgbench through it too, so phigate's own cost is
 * seen apart from the cost of one more process hop on this machine.
 */
import { connect, createServer } from 'node:net';

const [listenPort, upstreamHost, upstreamPort] = process.argv.slice(2);
const server = createServer({ noDelay: true }, (client) => {
  const upstream = connect({ host: upstreamHost, port: Number(upstreamPort), noDelay: true });
  client.on('data', (d) => upstream.write(d));
  upstream.on('data', (d) => client.write(d));
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
server.listen(Number(listenPort), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
