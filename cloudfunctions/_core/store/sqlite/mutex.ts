/**
 * One connection serves every request of the process, and better-sqlite3 is synchronous: a transaction that
 * awaits must keep other requests' writes out until it commits, so writes queue behind this lock.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
