/**
 * The error thrown for a value that the structured clone algorithm rejects.
 *
 * @module
 * @internal
 */

/** A short, safe description of a value for an error message. */
function describe(value: unknown): string {
  switch (typeof value) {
    case 'function':
      return value.name === '' ? 'an anonymous function' : `function ${value.name}`;
    case 'symbol':
      return value.toString();
    default:
      return Object.prototype.toString.call(value);
  }
}

/**
 * A `DOMException` named `DataCloneError`, as `structuredClone` and
 * `postMessage` throw, naming the kind of value that could not be cloned.
 *
 * @param value - The value that could not be cloned.
 * @param detail - Why, when the kind of value alone does not say it.
 * @internal
 */
export function dataCloneError(value: unknown, detail?: string): DOMException {
  const reason = detail === undefined ? '' : `: ${detail}`;
  return new DOMException(`${describe(value)} could not be cloned${reason}.`, 'DataCloneError');
}
