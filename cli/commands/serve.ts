/**
 * `phigate serve --config FILE`: the production proxy. The YAML config is validated at
 * start-up; every problem is reported with its path and the command exits non-zero.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../core/config/load.js';
import { isPhigateError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { startProxyRuntime } from '../../proxy/runtime.js';
import { waitForShutdown } from '../shutdown.js';

const USAGE = `usage: phigate serve --config FILE [--data-dir DIR]

Runs the phigate proxy from a YAML configuration (see docs/operators.md).
  --config FILE    the configuration file (required)
  --data-dir DIR   local state for embedded sinks (default .phigate)
  --check          validate the configuration and exit
`;

export async function serveCommand(argv: string[]): Promise<number> {
  let values: { config?: string; 'data-dir'?: string; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`phigate serve: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.config) {
    process.stderr.write(`phigate serve: --config is required\n\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfigFile>;
  try {
    config = loadConfigFile(values.config);
  } catch (e) {
    process.stderr.write(`phigate serve: ${isPhigateError(e) ? e.message : String(e)}\n`);
    return 1;
  }
  if (values.check) {
    process.stdout.write(`phigate serve: ${values.config} is valid\n`);
    return 0;
  }
  const logger = createLogger(config.log.level);
  const runtime = await startProxyRuntime({
    config,
    logger,
    dataDir: resolve(values['data-dir'] ?? '.phigate'),
  });
  await waitForShutdown(logger);
  await runtime.close();
  return 0;
}
