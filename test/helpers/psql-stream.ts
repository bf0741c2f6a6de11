import { type ChildProcess, spawn } from 'node:child_process';

export interface PsqlResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from spawn to exit. */
  readonly ms: number;
}

/**
 * A real psql process whose stderr is read as it streams (NOTICEs arrive while a statement
 * waits), for tests that act while psql is still running: `waitForStderr` resolves as soon as a
 * pattern shows up, `done` when psql exits. `-X` (no psqlrc), verbose errors (SQLSTATE shown),
 * one `-c` per statement in one session; psql goes on after an error.
 */
export class PsqlStream {
  readonly child: ChildProcess;
  readonly done: Promise<PsqlResult>;
  #stdout = '';
  #stderr = '';
  readonly #waiters = new Set<() => void>();

  constructor(env: NodeJS.ProcessEnv, statements: readonly string[], timeoutMs = 60_000) {
    const started = Date.now();
    this.child = spawn('psql', ['-X', '-v', 'VERBOSITY=verbose', ...statements.flatMap((s) => ['-c', s])], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.#stdout += d;
    });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.#stderr += d;
      for (const w of this.#waiters) w();
    });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    this.done = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        for (const w of this.#waiters) w();
        resolve({ code, signal, stdout: this.#stdout, stderr: this.#stderr, ms: Date.now() - started });
      });
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves with the first match of `re` in stderr; rejects if psql exits first or `ms` passes. */
  waitForStderr(re: RegExp, ms = 15_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(this.#stderr);
        if (m) {
          finish();
          resolve(m);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          finish();
          reject(new Error(`psql exited before ${re}; stderr: ${this.#stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${re} on psql stderr within ${ms} ms; stderr: ${this.#stderr}`));
      }, ms);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Stops psql if it still runs (test cleanup). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
