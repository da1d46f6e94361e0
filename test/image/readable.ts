import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The files and folders under `top` (itself included) that a process of `user` could not read,
 * from their owner, group and mode: a file needs a read bit, a folder read and search bits, for
 * the user, its group, or others. Paths are given relative to `top`, '.' for itself.
 */
export function unreadableBy(top: string, user: { uid: number; gid: number }): string[] {
  const unreadable: string[] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    const shift = stat.uid === user.uid ? 6 : stat.gid === user.gid ? 3 : 0;
    const needed = stat.isDirectory() ? 0o5 : 0o4;
    if (((stat.mode >> shift) & needed) !== needed) unreadable.push(relative(top, path) || '.');
    if (stat.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
  };
  visit(top);
  return unreadable;
}
