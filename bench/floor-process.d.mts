/** See floor-process.mjs: the reader benchmark's floors (unzip + one look at each byte), the tags counted. */
export function fflateFloor(fflate: typeof import('fflate'), bytes: Uint8Array): number;
export function pakoFloor(pako: typeof import('pako'), bytes: Uint8Array): number;
