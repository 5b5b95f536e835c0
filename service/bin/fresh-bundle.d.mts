export function bundleIsFresh(bundle: string, sources: string[]): boolean;
