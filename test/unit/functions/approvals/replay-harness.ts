import { createRequire } from 'node:module';
import { InvocationContext } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';

/**
 * Runs an orchestrator through the durable-functions library's own replay code
 * (`Orchestrator.listen()` via its `testingUtils.createOrchestrator`, the same wrapper
 * `df.app.orchestration` registers) against a history given as plain JSON, the way the
 * Durable extension sends it. Nothing of the runtime is re-implemented here.
 */
const require = createRequire(import.meta.url);
const { createOrchestrator } = require('durable-functions/lib/src/util/testingUtils') as {
  createOrchestrator: (
    fn: OrchestrationHandler,
  ) => (trigger: unknown, ctx: InvocationContext) => Promise<ReplayState>;
};
const { HistoryEventType: T } = require('durable-functions/lib/src/history/HistoryEventType') as {
  HistoryEventType: Record<string, number>;
};

export interface ReplayState {
  isDone: boolean;
  actions: Array<Array<Record<string, unknown>>>;
  output: unknown;
  error?: string;
  customStatus?: unknown;
}

export type HistoryEvent = Record<string, unknown>;

export class History {
  readonly events: HistoryEvent[] = [];
  #played = true;

  constructor(readonly name: string) {}

  /** Starts a new episode (one orchestrator execution): events after it are not yet played. */
  episode(at: Date): this {
    this.events.push({
      EventType: T.OrchestratorStarted,
      EventId: -1,
      IsPlayed: false,
      Timestamp: at.toISOString(),
    });
    return this;
  }
  started(at: Date, input: unknown): this {
    this.episode(at);
    this.events.push({
      EventType: T.ExecutionStarted,
      EventId: -1,
      IsPlayed: false,
      Timestamp: at.toISOString(),
      Name: this.name,
      Input: JSON.stringify(input),
    });
    return this;
  }
  taskScheduled(id: number, name: string, at: Date): this {
    this.events.push({
      EventType: T.TaskScheduled,
      EventId: id,
      IsPlayed: false,
      Timestamp: at.toISOString(),
      Name: name,
    });
    return this;
  }
  taskCompleted(id: number, result: unknown, at: Date): this {
    this.events.push({
      EventType: T.TaskCompleted,
      EventId: -1,
      IsPlayed: false,
      Timestamp: at.toISOString(),
      TaskScheduledId: id,
      Result: JSON.stringify(result ?? null),
    });
    return this;
  }
  taskFailed(id: number, at: Date): this {
    this.events.push({
      EventType: T.TaskFailed,
      EventId: -1,
      IsPlayed: false,
      Timestamp: at.toISOString(),
      TaskScheduledId: id,
      Reason: 'activity failed',
      Details: 'webhook unreachable',
    });
    return this;
  }
  timerCreated(id: number, fireAt: Date, at: Date): this {
    this.events.push({
      EventType: T.TimerCreated,
      EventId: id,
      IsPlayed: false,
      Timestamp: at.toISOString(),
      FireAt: fireAt.toISOString(),
    });
    return this;
  }
  timerFired(id: number, fireAt: Date): this {
    this.events.push({
      EventType: T.TimerFired,
      EventId: -1,
      IsPlayed: false,
      Timestamp: fireAt.toISOString(),
      TimerId: id,
      FireAt: fireAt.toISOString(),
    });
    return this;
  }
  eventRaised(name: string, input: unknown, at: Date): this {
    this.events.push({
      EventType: T.EventRaised,
      EventId: -1,
      IsPlayed: false,
      Timestamp: at.toISOString(),
      Name: name,
      Input: JSON.stringify(input),
    });
    return this;
  }
  completed(at: Date): this {
    this.events.push({
      EventType: T.OrchestratorCompleted,
      EventId: -1,
      IsPlayed: false,
      Timestamp: at.toISOString(),
    });
    return this;
  }

  /** Marks everything so far as played (replayed in the next episode). */
  played(): this {
    for (const e of this.events) e.IsPlayed = this.#played;
    return this;
  }
}

export async function replay(
  fn: OrchestrationHandler,
  history: History,
  instanceId: string,
  input: unknown,
): Promise<ReplayState> {
  const handler = createOrchestrator(fn);
  const trigger = {
    history: structuredClone(history.events),
    input,
    instanceId,
    isReplaying: false,
    parentInstanceId: '',
    upperSchemaVersion: 2,
    maximumShortTimerDuration: '6.00:00:00',
    longRunningTimerIntervalDuration: '3.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30_000,
  };
  const ctx = new InvocationContext({
    functionName: history.name,
    invocationId: 'test',
    logHandler: () => {},
  });
  // What the host receives is the JSON of the state: compare that.
  return JSON.parse(JSON.stringify(await handler(trigger, ctx))) as ReplayState;
}

/** The actions of the last episode, flattened one level (WhenAny actions keep their children). */
export function lastActions(state: ReplayState): Array<Record<string, unknown>> {
  return state.actions.flat();
}
