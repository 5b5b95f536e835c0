/** See floor-process.mjs: the reader benchmark floor (unzip + one look at each byte), the tags counted. */
export function floorScan(bytes: Uint8Array): number;
