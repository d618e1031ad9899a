/**
 * The error classes that keep their class through the codec: the standard
 * ones that the structured clone algorithm keeps, and the library's own.
 * An index into {@link ERROR_CLASSES} is what goes on the wire.
 *
 * @module
 * @internal
 */

import {
  AsyncQueueEmpty,
  AsyncQueueFull,
  AsyncQueueShutDown,
  Empty,
  Full,
  RuntimeError,
  ShutDown,
  SyncQueueEmpty,
  SyncQueueFull,
  SyncQueueShutDown,
  ValueError,
} from '../errors.js';

/** An error class that the codec rebuilds: called with the message, or with none. @internal */
export type ErrorClass = new (message?: string) => Error;

/** An error class and the `name` that its instances carry. @internal */
export interface NamedErrorClass {
  /** The name, written out (see `namedClasses`) so that a minifier that renames classes changes nothing. */
  readonly name: string;
  readonly errorClass: ErrorClass;
}

/**
 * The classes of `byName` as a list, in the order of its keys: the names are
 * keys, so that a minifier that renames classes changes nothing. `ValueError`
 * and `RuntimeError` declare their message required; the decoder calls every
 * class with none and then sets the message that was written.
 */
function namedClasses(byName: Readonly<Record<string, new (message: string) => Error>>): NamedErrorClass[] {
  return Object.entries(byName).map(([name, errorClass]) => ({ name, errorClass: errorClass as ErrorClass }));
}

/**
 * The library's error classes, subclasses before their base class (so that
 * the first one an error is an instance of is the nearest).
 */
const LIBRARY_CLASSES: readonly NamedErrorClass[] = namedClasses({
  SyncQueueEmpty,
  SyncQueueFull,
  SyncQueueShutDown,
  AsyncQueueEmpty,
  AsyncQueueFull,
  AsyncQueueShutDown,
  Empty,
  Full,
  ShutDown,
  ValueError,
  RuntimeError,
});

/**
 * Every error class the codec keeps, by wire index: the standard ones that
 * the structured clone algorithm keeps first (`Error` is 0, what any other
 * error becomes), then the library's.
 * @internal
 */
export const ERROR_CLASSES: readonly NamedErrorClass[] = [
  ...namedClasses({ Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }),
  ...LIBRARY_CLASSES,
];

/**
 * The library's error class that `name` names, or `undefined`.
 * @internal
 */
export function libraryClassNamed(name: unknown): ErrorClass | undefined {
  return LIBRARY_CLASSES.find((entry) => entry.name === name)?.errorClass;
}

/**
 * The wire index of an error's class: the class its `name` names (own or
 * inherited, as structured clone reads it); else, for a subclass of a library
 * class with a name of its own, the nearest library class; else 0 (`Error`).
 * @internal
 */
export function errorKind(error: Error): number {
  const name = error.name;
  const named = ERROR_CLASSES.findIndex((entry) => entry.name === name);
  if (named >= 0) return named;
  const base = LIBRARY_CLASSES.find((entry) => error instanceof entry.errorClass);
  return base === undefined ? 0 : ERROR_CLASSES.indexOf(base);
}
