// PREFORK_INTERP, as the client sets it for the setup process:
//   v1,SECS.NSECS[,...] LISTEN,CALL,WATCHI,WATCHE[,...][ ...]
// (The reference's header names the last two the other way round; the C
// client's code and the Perl library use this order.)

export interface PreforkEnv {
  /** the socket's mtime when the client bound it: files newer than this trigger a reload */
  startTimeNs: bigint;
  listenFd: number;
  callFd: number;
  /** write end of the watcher's stdin: held open while we live */
  sentinelFd: number;
  /** read end of the watcher's stderr: a message or EOF means quit */
  watcherErrorFd: number;
}

export type PreforkEnvResult = { ok: true; env: PreforkEnv } | { ok: false; error: string };

export function parsePreforkEnv(value: string): PreforkEnvResult {
  const words = value.split(' ');
  if (words.length < 2) return { ok: false, error: 'PREFORK_INTERP has too few words' };
  const vsns = words[0].split(',');
  if (vsns.length < 2 || vsns[0] !== 'v1') return { ok: false, error: "PREFORK_INTERP doesn't specify v1" };
  const m = /^(\d+)\.(\d{9})$/.exec(vsns[1]);
  if (!m) return { ok: false, error: `PREFORK_INTERP start time ${vsns[1]} is not SECS.NSECS` };
  const fds = words[1].split(',');
  if (fds.length < 4) return { ok: false, error: 'PREFORK_INTERP has too few fds' };
  const nums = fds.slice(0, 4).map((f) => (/^\d+$/.test(f) ? Number(f) : NaN));
  const bad = fds.slice(0, 4).find((f, i) => Number.isNaN(nums[i]));
  if (bad !== undefined) return { ok: false, error: `PREFORK_INTERP contains ${bad}, not a number` };
  return {
    ok: true,
    env: {
      startTimeNs: BigInt(m[1]) * 1_000_000_000n + BigInt(m[2]),
      listenFd: nums[0],
      callFd: nums[1],
      sentinelFd: nums[2],
      watcherErrorFd: nums[3],
    },
  };
}
