// One sentence for every file-system error a person may meet, by its code. Node's own messages
// ("ELOOP: too many symbolic links encountered, stat '/a/b/…'") name a system call and repeat a
// path the caller already shows; these say what happened in words. Used wherever fs errors
// reach users: import outcomes, backup and restore, exports, the CLI and `pith serve`.

const SENTENCES: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (permission denied)',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large for this disk',
  ELOOP: 'it is a symbolic link that leads back to itself (a loop of links)',
  ENAMETOOLONG: 'the path or file name is too long',
  EMFILE: 'too many files are open at once; close some programs and try again',
  ENFILE: 'the system has too many files open; try again later',
  EIO: 'the disk reported a read or write error (it may be failing, or a network drive was disconnected)',
  EBUSY: 'the file or folder is in use by another program',
  ETXTBSY: 'the file is in use by another program',
  EEXIST: 'a file or folder of that name already exists',
  ENOTEMPTY: 'the folder is not empty',
  EXDEV: 'the file cannot be moved across disks',
  EAGAIN: 'the file is busy; try again',
  EWOULDBLOCK: 'the file is busy; try again',
  EINTR: 'the operation was interrupted; try again',
  EINVAL: 'the file system refused the request (an invalid name or operation)',
  ENXIO: 'the device is not available',
  ENODEV: 'the device is not available',
  ENOTSUP: 'the file system does not support this',
  EOPNOTSUPP: 'the file system does not support this',
  ESTALE: 'the network drive lost track of the file; reconnect it and try again',
  ETIMEDOUT: 'the disk or network drive did not answer in time',
  EHOSTDOWN: 'the network drive is not reachable',
  EHOSTUNREACH: 'the network drive is not reachable',
  ENOTCONN: 'the network drive is disconnected',
  ECONNRESET: 'the network drive closed the connection',
  ENOMEM: 'the system ran out of memory',
  EBADF: 'the file was closed while it was being read',
  ECANCELED: 'the operation was cancelled',
  ENOTSOCK: 'it is not a regular file',
  EFAULT: 'the file system reported an internal error',
  // Node's own, for a whole-file read over 2 GiB.
  ERR_FS_FILE_TOO_LARGE: 'the file is larger than 2 GiB, more than can be read at once',
};

/** Is this an error from the file system (an errno code such as ENOENT)? */
export function isFsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** A clause for a person ("permission denied"), for any error; fits after "cannot be read: ". */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && Object.hasOwn(SENTENCES, code)) return SENTENCES[code]!;
  if (isFsError(error)) return `the file system reported an error (${code as string})`;
  const message = (error as Error | null)?.message ?? String(error);
  // Node prefixes its messages with the code and system call: keep the words only.
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}
