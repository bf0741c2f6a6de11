import type { Logger } from '../core/logger.js';

/** Resolves on the first SIGINT or SIGTERM, after logging which one arrived. */
export function waitForShutdown(logger?: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      logger?.info({ event: 'shutdown', signal }, 'shutting down');
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
