/**
 * The emulator's `--data` file. Every write goes to a temporary file in the same directory that
 * is synced and then renamed over the state file, so a kill at any moment leaves either the old
 * or the new state, never a torn one. Writes are serialised and coalesced: a change resolves
 * once a write that includes it is on disk.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export class StateFile {
  private dirty = 0;
  private written = 0;
  private writing: Promise<void> | undefined;
  private waiters: { generation: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private counter = 0;

  constructor(
    readonly file: string,
    private readonly snapshot: () => unknown,
  ) {}

  /** The stored state, or undefined when the file does not exist yet. */
  static async read(file: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return text.trim() === '' ? undefined : JSON.parse(text);
  }

  /** Records a change; resolves when it is durably written. */
  save(): Promise<void> {
    const generation = ++this.dirty;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ generation, resolve, reject }));
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
    });
    return done;
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    while (this.written < this.dirty) {
      const generation = this.dirty;
      try {
        await this.write(JSON.stringify(this.snapshot(), null, 2) + '\n');
        this.written = generation;
        this.settle((w) => w.generation <= generation, (w) => w.resolve());
      } catch (error) {
        this.written = generation;
        this.settle((w) => w.generation <= generation, (w) => w.reject(error));
      }
    }
  }

  private settle(match: (w: (typeof this.waiters)[number]) => boolean, act: (w: (typeof this.waiters)[number]) => void): void {
    const ready = this.waiters.filter(match);
    this.waiters = this.waiters.filter((w) => !match(w));
    ready.forEach(act);
  }

  private async write(text: string): Promise<void> {
    const temp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.${++this.counter}.tmp`);
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
