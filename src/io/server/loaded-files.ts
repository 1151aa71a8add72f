// The files the program has loaded (CommonJS and ES modules alike): V8's
// debugger reports every script it has parsed when it is enabled, which is
// the one public way to see ES modules.  Asked once, when the server starts.
import inspector from 'node:inspector';
import { fileURLToPath } from 'node:url';

export function loadedFiles(): string[] {
  const files = new Set<string>();
  const session = new inspector.Session();
  session.connect();
  try {
    session.on('Debugger.scriptParsed', (m) => {
      const url: string = m.params.url;
      if (url.startsWith('file:')) files.add(fileURLToPath(url));
      else if (url.startsWith('/')) files.add(url);
    });
    session.post('Debugger.enable');
    session.post('Debugger.disable');
  } finally {
    session.disconnect();
  }
  return [...files];
}
