import { APPROVAL_FUNCTIONS } from '../../../../functions/approvals/activity-names.js';
import type { DurablePort, InstanceSnapshot } from '../../../../functions/approvals/durable-port.js';
import { approvalOrchestrator } from '../../../../functions/approvals/orchestrator.js';
import { History, type ReplayState, replay } from './replay-harness.js';

type Activity = (input: never) => Promise<unknown>;

interface Instance {
  history: History;
  input: unknown;
  state: ReplayState | undefined;
  failed: boolean;
  processed: number;
  seq: number;
  created: Date;
  updated: Date;
}

/**
 * The Durable client port for HTTP tests, backed by the real orchestrator replayed through the
 * durable-functions library after every change (start, raised event). Scheduled activities run
 * at once with the given handlers and their results are appended to the history, as the
 * extension would. Timers never fire on their own: `fireTimers(id)` fires the pending ones.
 * This stands in for the Functions host (which does not run here) at the client boundary only.
 */
export class ReplayedDurable implements DurablePort {
  readonly instances = new Map<string, Instance>();
  readonly raised: Array<{ id: string; name: string; data: unknown }> = [];
  startCalls = 0;

  constructor(
    private readonly activities: Record<string, Activity>,
    private readonly now: () => Date,
  ) {}

  async startNew(orchestrator: string, instanceId: string, input: unknown): Promise<void> {
    this.startCalls++;
    if (orchestrator !== APPROVAL_FUNCTIONS.orchestrator)
      throw new Error(`unknown orchestrator ${orchestrator}`);
    if (this.instances.has(instanceId)) throw new Error('instance already exists');
    const t = this.now();
    const inst: Instance = {
      history: new History(orchestrator).started(t, input),
      input,
      state: undefined,
      failed: false,
      processed: 0,
      seq: 0,
      created: t,
      updated: t,
    };
    this.instances.set(instanceId, inst);
    await this.#advance(instanceId, inst);
  }

  async getStatus(instanceId: string): Promise<InstanceSnapshot | undefined> {
    const inst = this.instances.get(instanceId);
    if (!inst) return undefined;
    return {
      runtimeStatus: inst.failed ? 'Failed' : inst.state?.isDone ? 'Completed' : 'Running',
      input: structuredClone(inst.input),
      output: inst.state?.isDone ? structuredClone(inst.state.output) : null,
      customStatus: structuredClone(inst.state?.customStatus ?? null),
      createdTime: inst.created,
      lastUpdatedTime: inst.updated,
    };
  }

  async raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    this.raised.push({ id: instanceId, name: eventName, data });
    const inst = this.instances.get(instanceId);
    if (!inst) throw new Error(`No instance with ID '${instanceId}' found.`);
    if (inst.state?.isDone || inst.failed) return; // the extension drops events for completed instances
    inst.history
      .played()
      .episode(this.now())
      .eventRaised(eventName, JSON.parse(JSON.stringify(data)), this.now());
    await this.#advance(instanceId, inst);
  }

  /** Fires every timer created so far (as if the deadline passed). */
  async fireTimers(instanceId: string): Promise<void> {
    const inst = this.instances.get(instanceId)!;
    const created = inst.history.events.filter((e) => e.EventType === 10);
    const fired = new Set(inst.history.events.filter((e) => e.EventType === 11).map((e) => e.TimerId));
    inst.history.played().episode(this.now());
    for (const t of created)
      if (!fired.has(t.EventId)) inst.history.timerFired(t.EventId as number, new Date(t.FireAt as string));
    await this.#advance(instanceId, inst);
  }

  async #advance(id: string, inst: Instance): Promise<void> {
    for (let guard = 0; guard < 50; guard++) {
      try {
        inst.state = await replay(approvalOrchestrator, inst.history, id, inst.input);
      } catch {
        inst.failed = true;
        return;
      }
      inst.updated = this.now();
      const actions = inst.state.actions.flat();
      const fresh = actions.slice(inst.processed);
      inst.processed = actions.length;
      if (inst.state.isDone || fresh.length === 0) return;
      const t = this.now();
      const completions: Array<() => Promise<void>> = [];
      for (const a of fresh) {
        if (a.actionType === 11) {
          const timer = (a.compoundActions as Array<Record<string, unknown>>).find(
            (c) => c.actionType === 5,
          )!;
          inst.history.timerCreated(inst.seq++, new Date(timer.fireAt as string), t);
        } else if (typeof a.functionName === 'string') {
          const id2 = inst.seq++;
          const fn = this.activities[a.functionName];
          inst.history.taskScheduled(id2, a.functionName, t);
          completions.push(async () => {
            try {
              const result = await fn!(a.input as never);
              inst.history.taskCompleted(id2, result ?? null, this.now());
            } catch {
              inst.history.taskFailed(id2, this.now());
            }
          });
        }
      }
      inst.history.completed(t).played();
      if (completions.length === 0) return;
      inst.history.episode(this.now());
      for (const c of completions) await c();
    }
  }
}
