export interface RequiredSetting {
  readonly name: string;
  readonly valid: (value: string) => boolean;
  readonly hint: string;
}
export interface GeneratedKey {
  readonly env: string;
  readonly secret: string;
  readonly generate: () => string;
  readonly valid: (value: string) => boolean;
  readonly rule: string;
}
export type VaultRead =
  | { status: 'found'; value: string }
  | { status: 'missing' }
  | { status: 'error'; reason: string };
export interface ProvisionIo {
  readVaultSecret(vault: string, name: string): Promise<VaultRead>;
  generateTlsPair(commonName: string): Promise<{ certPem: string; keyPem: string }>;
}
export interface ProvisionPlan {
  set: Record<string, string>;
  problems: string[];
  notes: string[];
}
export const REQUIRED_SETTINGS: readonly RequiredSetting[];
export const GENERATED_KEYS: readonly GeneratedKey[];
export const TLS_CERT_ENV: string;
export const TLS_KEY_ENV: string;
export function checkTlsPair(certB64: string, keyB64: string): string | null;
export function planProvisionSecrets(
  env: Record<string, string | undefined>,
  io: ProvisionIo,
): Promise<ProvisionPlan>;
