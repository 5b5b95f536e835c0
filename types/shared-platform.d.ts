/**
 * The few globals shared/ may use beyond ES2022: every place it runs (Node 20, the browsers the pane
 * and the drop page support, Web Workers) has them. Declared here, for shared/'s own type check only,
 * so that shared/ compiles without DOM or Node types and any other DOM or Node global fails it.
 */
interface TextDecodeOptions {
  stream?: boolean;
}
interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  decode(input?: Uint8Array, options?: TextDecodeOptions): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function structuredClone<T>(value: T): T;
