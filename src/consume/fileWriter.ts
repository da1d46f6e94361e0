import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { ObjectWriter } from './assembler';

/**
 * Writes rebuilt objects under `root`, keeping the object's path; a `.part` file becomes the
 * object only once its digest checks out. Names that would escape `root` are refused.
 */
export class FileWriter implements ObjectWriter {
  private readonly root: string;
  /** Parts this run has started: a `.part` file left by an interrupted run is started over, not appended to. */
  private readonly started = new Set<string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathFor(name: string, eventId: string): string {
    const target = resolve(join(this.root, name));
    if (!target.startsWith(this.root + sep)) throw new Error(`refusing to write "${name}" outside ${this.root}`);
    return `${target}.${eventId.replace(/[^A-Za-z0-9-]/g, '_')}.part`;
  }

  write(name: string, eventId: string, bytes: Buffer): void {
    const part = this.pathFor(name, eventId);
    mkdirSync(dirname(part), { recursive: true });
    if (this.started.has(part)) {
      appendFileSync(part, bytes);
    } else {
      writeFileSync(part, bytes);
      this.started.add(part);
    }
  }

  done(name: string, eventId: string, ok: boolean): void {
    const part = this.pathFor(name, eventId);
    this.started.delete(part);
    if (ok) {
      mkdirSync(dirname(part), { recursive: true });
      appendFileSync(part, Buffer.alloc(0));
      renameSync(part, resolve(join(this.root, name)));
    } else {
      rmSync(part, { force: true });
    }
  }
}
