import { registerApprovalFunctions } from './approvals/register.js';

/** Entry point of the Functions app (package.json `main` points the host at its build output). */
registerApprovalFunctions();
