#!/usr/bin/env node
// The installed `phigate` command runs the compiled CLI (npm run build writes dist/).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('phigate: dist/ is missing; run `npm run build` first\n');
    process.exit(1);
  }
  throw error;
});
