/** A first-in, first-out lock: `lock()` resolves with a release function once all earlier holders released. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;

  get waiting(): number {
    return this.#waiting;
  }

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const acquired = this.#tail.then(() => {
      this.#waiting--;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    });
    this.#waiting++;
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}
