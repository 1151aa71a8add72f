// Services made by a test file, all stopped (by pid) when the file ends.
import { after } from 'node:test';

export function serviceFactory(Kind) {
  const made = [];
  after(async () => {
    for (const s of made) await s.stop();
  });
  return (name, opts) => {
    const s = new Kind(name, opts);
    made.push(s);
    return s;
  };
}
