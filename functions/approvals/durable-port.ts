import type * as df from 'durable-functions';

/**
 * The part of the Durable client the HTTP functions use. In Azure it is `df.getClient(context)`
 * (see `fromDurableClient`); the Functions host does not run in this repository's tests, so they
 * inject an implementation at this boundary.
 */
export interface InstanceSnapshot {
  readonly runtimeStatus: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
}

export interface DurablePort {
  startNew(orchestrator: string, instanceId: string, input: unknown): Promise<void>;
  /** undefined when no instance has that id. */
  getStatus(instanceId: string): Promise<InstanceSnapshot | undefined>;
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void>;
}

export function fromDurableClient(client: df.DurableClient): DurablePort {
  return {
    async startNew(orchestrator, instanceId, input) {
      await client.startNew(orchestrator, { instanceId, input });
    },
    async getStatus(instanceId) {
      try {
        const s = await client.getStatus(instanceId, { showInput: true, showHistory: false });
        return {
          runtimeStatus: String(s.runtimeStatus),
          input: s.input,
          output: s.output,
          customStatus: s.customStatus,
          createdTime: new Date(s.createdTime),
          lastUpdatedTime: new Date(s.lastUpdatedTime),
        };
      } catch (error) {
        if (error instanceof Error && /HTTP 404/.test(error.message)) return undefined;
        throw error;
      }
    },
    async raiseEvent(instanceId, eventName, data) {
      await client.raiseEvent(instanceId, eventName, data);
    },
  };
}
