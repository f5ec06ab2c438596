/** The name rule Signals applies to every identifier: letters, digits and underscores, 1 to 128. */
const NAME = /^[A-Za-z0-9_]+$/;

/** What is wrong with a name, with a corrected suggestion, or undefined when it is valid. */
export function nameProblem(name: string): { message: string; hint?: string } | undefined {
  if (name.length === 0) return { message: 'is empty' };
  if (name.length > 128) return { message: `is ${name.length} characters long; the limit is 128` };
  if (!NAME.test(name)) {
    const fixed = name.replace(/[^A-Za-z0-9_]+/g, '_');
    return { message: 'may only contain letters, digits and underscores', hint: `e.g. ${fixed}` };
  }
  return undefined;
}
