import { closeSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { ReplaySetupError } from '../errors';
import { OUTCOME_STATUSES, type OutcomeStatus } from './ports';

const StateRecordSchema = z.object({
  id: z.string().min(1),
  object: z.string(),
  status: z.enum(OUTCOME_STATUSES),
  reason: z.string().optional(),
  at: z.string(),
});

export type StateRecord = z.infer<typeof StateRecordSchema>;

function unreadable(path: string, why: string, cause?: unknown): ReplaySetupError {
  return new ReplaySetupError(
    `The state file ${JSON.stringify(path)} ${why}; give a file this tool wrote (or a new path). Nothing was sent.`,
    [],
    { cause },
  );
}

function readExisting(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return '';
    throw unreadable(path, `cannot be read (${String(code)}); check the path and its permissions`, error);
  }
}

interface ReadState {
  /** Each object's latest status, by id: all a run keeps in memory of the file (about 100 bytes an object). */
  latest: Map<string, OutcomeStatus>;
  /** The file's text, less a last line cut short by a killed run. */
  text: string;
  cutShort: boolean;
}

/** The latest record of each object; a last line cut short (a run killed mid-write) is left out. */
function readState(path: string): ReadState {
  const latest = new Map<string, OutcomeStatus>();
  let text = readExisting(path);
  let cutShort = false;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = StateRecordSchema.safeParse(parseJson(line));
    if (parsed.success) {
      latest.set(parsed.data.id, parsed.data.status);
      return;
    }
    if (index < lines.length - 1) throw unreadable(path, `has a line that is not a state record (line ${index + 1})`);
    text = text.slice(0, text.length - line.length);
    cutShort = true;
  });
  return { latest, text, cutShort };
}

/** Published or skipped: not sent again. */
function isDoneIn(latest: ReadonlyMap<string, OutcomeStatus>, id: string): boolean {
  const status = latest.get(id);
  return status === 'published' || status === 'skipped';
}

/** What an earlier run finished, for a dry run: the file is read, never written. */
export function readDoneIds(path: string): (id: string) => boolean {
  const { latest } = readState(path);
  return (id) => isDoneIn(latest, id);
}

/**
 * `--state`: one JSON line per completed object, appended and fsync'd before the next is
 * recorded, so a killed run loses no completed record. The latest record of an object wins: done
 * (published or skipped) is not sent again; failed or stepped aside is sent again.
 */
export class StateFile {
  private readonly latest: Map<string, OutcomeStatus>;
  private readonly fd: number;
  private needsNewline: boolean;

  constructor(path: string) {
    const { latest, text, cutShort } = readState(path);
    this.latest = latest;
    // The cut line goes, so the file stays one record a line (that object had not completed).
    if (cutShort) truncateSync(path, Buffer.byteLength(text, 'utf8'));
    this.needsNewline = text.length > 0 && !text.endsWith('\n');
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      throw unreadable(path, `cannot be written (${String((error as { code?: unknown }).code)}); check the path and its permissions`, error);
    }
  }

  /** Published or skipped in an earlier run. */
  isDone(id: string): boolean {
    return isDoneIn(this.latest, id);
  }

  record(entry: Omit<StateRecord, 'at'>, at = new Date()): void {
    const record: StateRecord = { ...entry, at: at.toISOString() };
    writeSync(this.fd, `${this.needsNewline ? '\n' : ''}${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
    this.needsNewline = false;
    this.latest.set(record.id, record.status);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
