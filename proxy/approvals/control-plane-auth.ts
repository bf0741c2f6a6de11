import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

/**
 * A bearer-token source for the Functions app when it is protected by App Service authentication
 * (the proxy's managed identity). Tokens are cached until five minutes before they expire.
 */
export function managedIdentityTokenSource(scope: string, clientId?: string): () => Promise<string> {
  const credential: TokenCredential = clientId
    ? new ManagedIdentityCredential({ clientId })
    : new DefaultAzureCredential();
  let cached: { token: string; expiresOn: number } | undefined;
  return async () => {
    if (cached && cached.expiresOn - 300_000 > Date.now()) return cached.token;
    const t = await credential.getToken(scope);
    if (!t) throw new Error('no token for the approval control plane');
    cached = { token: t.token, expiresOn: t.expiresOnTimestamp };
    return t.token;
  };
}
