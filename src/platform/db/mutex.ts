/** A first-in, first-out lock: `lock()` resolves with a release function once all earlier holders released. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #waiting = 0;
  #held = false;

  /** Callers waiting for the lock. */
  get waiting(): number {
    return this.#waiting;
  }

  /** Whether someone holds the lock now. */
  get held(): boolean {
    return this.#held;
  }

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const acquired = this.#tail.then(() => {
      this.#waiting--;
      this.#held = true;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.#held = false;
        release();
      };
    });
    this.#waiting++;
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }
}
