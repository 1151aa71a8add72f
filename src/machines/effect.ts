// A placeholder for an effect that an adapter supplies (with .provide(), or
// for the client as it builds the machine): the machines name their effects,
// src/io implements them.
import { fromCallback, type AnyEventObject } from 'xstate';

export function effect<TInput>(machine: string, name: string) {
  return fromCallback<AnyEventObject, TInput>(() => {
    throw new Error(`${machine} machine: actor ${name} was not provided`);
  });
}
