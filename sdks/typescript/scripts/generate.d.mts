/** The spec the SDK is generated from (emitted from the server's routes). */
export declare const SPEC_PATH: string;
/** Where the generated types are written. */
export declare const OUTPUT_PATH: string;
/** The TypeScript source generated from the OpenAPI document at `specPath`. */
export declare function generateSchemaSource(specPath?: string): Promise<string>;
