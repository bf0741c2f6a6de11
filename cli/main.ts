#!/usr/bin/env node
/**
 * The `phigate` command. Each subcommand lives in cli/commands/ and returns its exit code.
 */
import { setFlagsFromString } from 'node:v8';

// WebAssembly stays on V8's baseline compiler (Liftoff). By default V8 recompiles hot wasm
// functions with TurboFan in the background; the PostgreSQL grammar in libpg-query (one
// 264 KB function) and undici's HTTP parser (fetch) took ~1.3 s of CPU and 170 MB of
// short-lived compiler allocations on the first statements, and glibc kept the V8 worker
// thread's 64 MB malloc arena resident afterwards: 60-75 MB of the gateway's RSS. The price
// is ~7 % more gateway CPU per simple-protocol pgbench -S statement (none measurable with
// prepared statements). Set before any wasm module is compiled (subcommands are imported
// below, on demand); the flag is read when a module is compiled.
setFlagsFromString('--liftoff-only');

const USAGE = `usage: phigate <command> [options]

Local stack and tokens
  dev                 run the local gateway: embedded PostgreSQL with demo data, dev OIDC issuer, TLS
  token               mint a dev access token (dev only)
  seed-demo           (re)load the synthetic EHR demo data (see docs/demo-data.md)

Production
  serve --config F    run the proxy from a YAML config

Policy and masking
  policy explain SQL  show the facts, the decision and the rule for a statement
  classify            propose the PHI classification of a resource's columns (masking.rules to review)

Audit (operators and auditors)
  sessions            list recorded sessions
  replay SESSION      print a session transcript as the agent received it
  verify              check every audit chain; non-zero exit on any break
  evidence            write an evidence package for a time range
  retention apply     delete audit data past retention (recorded as an audit event)

Approvals
  approvals list | approve ID | deny ID --as NAME

Run \`phigate <command> --help\` for a command's options.
`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  dev: async () => (await import('./commands/dev.js')).devCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  token: async () => (await import('./commands/token.js')).tokenCommand,
  approvals: async () => (await import('./commands/approvals.js')).approvalsCommand,
  policy: async () => (await import('./commands/policy-explain.js')).policyCommand,
  classify: async () => (await import('./commands/classify.js')).classifyCommand,
  sessions: async () => (await import('./commands/sessions.js')).sessionsCommand,
  replay: async () => (await import('./commands/replay.js')).replayCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  evidence: async () => (await import('./commands/evidence.js')).evidenceCommand,
  retention: async () => (await import('./commands/retention.js')).retentionCommand,
  'seed-demo': async () => (await import('./demo-data/seed-command.js')).seedDemoCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`phigate: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

// A bug that escapes a session must not take every other session down with it: a stray
// rejection is reported (by name only, never values) and the process keeps serving. An
// uncaught exception leaves state unknown: report it and exit so the platform restarts us.
process.on('unhandledRejection', (e) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', event: 'process.unhandled_rejection', err: e instanceof Error ? e.name : typeof e })}\n`,
  );
});
process.on('uncaughtException', (e) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', event: 'process.uncaught_exception', err: e.name })}\n`,
  );
  process.exit(70);
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined && code !== -1) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`phigate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
