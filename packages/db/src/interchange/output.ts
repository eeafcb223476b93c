import { open, rename, unlink } from "node:fs/promises";

export interface Output {
  write(chunk: string): Promise<void>;
  /** Makes the output final: a file appears under its name only once complete. */
  close(): Promise<void>;
  /** Gives up after a failure, leaving no half-written file behind. */
  abort(): Promise<void>;
}

export function stdoutOutput(): Output {
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()));
      }),
    close: async () => {},
    abort: async () => {},
  };
}

export async function fileOutput(path: string): Promise<Output> {
  const partial = `${path}.${process.pid}.partial`;
  const handle = await open(partial, "w").catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`cannot write ${path} (${code})`);
  });
  return {
    write: async (chunk) => {
      await handle.write(chunk);
    },
    close: async () => {
      await handle.close();
      await rename(partial, path);
    },
    abort: async () => {
      await handle.close().catch(() => {});
      await unlink(partial).catch(() => {});
    },
  };
}
