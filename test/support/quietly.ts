/** Runs `run` with console.log silenced (some of the corpus machines log as they run). */
export async function quietly<T>(run: () => T | Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
  }
}
