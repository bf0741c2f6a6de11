export function generateSelfSignedTlsPair(commonName: string): Promise<{ certPem: string; keyPem: string }>;
