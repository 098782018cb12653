/** Absolute path of spec/vectors/. */
export declare const VECTORS_DIR: string;
/** Every vector file, name -> exact JSON text, produced by the given build of this package. */
export declare function buildVectors(lib: typeof import("../src/index.js")): Promise<Record<string, string>>;
