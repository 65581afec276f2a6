/**
 * Results arrive in completion order; output must come in task order so that two fuzz runs of
 * the same seeds print the same thing whatever the threads did. `InOrder` holds early results
 * back and emits each one as soon as every task before it has been emitted.
 */
export class InOrder<R> {
  private readonly emit: (index: number, value: R) => void;
  private readonly waiting = new Map<number, R>();
  private next = 0;

  constructor(emit: (index: number, value: R) => void) {
    this.emit = emit;
  }

  add(index: number, value: R): void {
    this.waiting.set(index, value);
    while (this.waiting.has(this.next)) {
      const ready = this.waiting.get(this.next) as R;
      this.waiting.delete(this.next);
      this.emit(this.next++, ready);
    }
  }

  /** How many results have been emitted. */
  get emitted(): number {
    return this.next;
  }
}
