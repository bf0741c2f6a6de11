import type { TokenCredential } from '@azure/identity';

/**
 * A bearer-token source for the Functions app when it is protected by App Service authentication
 * (the proxy's managed identity). Tokens are cached until five minutes before they expire. The
 * Azure SDK is loaded on first use only, so deployments that use a function key never load it.
 */
export function managedIdentityTokenSource(scope: string, clientId?: string): () => Promise<string> {
  let credential: Promise<TokenCredential> | undefined;
  let cached: { token: string; expiresOn: number } | undefined;
  return async () => {
    if (cached && cached.expiresOn - 300_000 > Date.now()) return cached.token;
    credential ??= import('@azure/identity').then((identity) =>
      clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.DefaultAzureCredential(),
    );
    const t = await (await credential).getToken(scope);
    if (!t) throw new Error('no token for the approval control plane');
    cached = { token: t.token, expiresOn: t.expiresOnTimestamp };
    return t.token;
  };
}
