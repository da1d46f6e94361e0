// @fnproject/fdk ships no typings; this covers the part the function uses.
declare module '@fnproject/fdk' {
  export interface Context {
    callID: string;
    deadline: Date;
    config: Record<string, string>;
    headers: Record<string, string[]>;
  }
  export interface HandleOptions {
    inputMode?: 'json' | 'string' | 'buffer';
  }
  export function handle(
    fn: (input: unknown, ctx: Context) => unknown | Promise<unknown>,
    options?: HandleOptions,
  ): () => void;
}
