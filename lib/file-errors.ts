/**
 * Words for a failed read of an input file, for the detail of the error
 * each loader raises. Node's error codes (EACCES, EISDIR) mean little to an
 * operator, and each needs its own fix.
 */
import { userInfo } from 'node:os';

/** Returns why reading a file failed and what to do, as one sentence. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file. Check the path';
    case 'EACCES':
    case 'EPERM':
      return `permission denied for ${currentUser()}, who runs pmgup. Make the file readable for that user, or run pmgup as a user who can read it`;
    case 'EISDIR':
      return 'it is a directory. Name the file in it';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory. Check the path';
    default:
      return `${error instanceof Error ? error.message : String(error)}. Check the path`;
  }
}

function currentUser(): string {
  try {
    return `the user ${userInfo().username}`;
  } catch {
    return `user id ${process.getuid?.() ?? 'unknown'}`;
  }
}
