/**
 * The V8 settings the `policy-audit` command runs with (src/bin.ts sets them
 * before anything is compiled; they are process-wide, so the workers of --jobs
 * have them too). The benchmark sets the same, so that what it measures in one
 * process is what the command does.
 */
import v8 from 'node:v8';

export const V8_FLAGS: readonly string[] = [
  // TurboFan inlined so much into the large check functions that it spent more time
  // compiling than the audit ran (10 s of compiling for 9 s of a 300-file run), on the
  // core a second worker would use. Less inlining: the same speed in one thread and a
  // free core for --jobs.
  '--max-inlined-bytecode-size-cumulative=200',
  // A regular expression is first run by V8's bytecode interpreter and compiled to
  // machine code only once it proves hot. policy-audit runs each of its thousands of
  // patterns on every sentence, so nearly all become hot; interpreting them first costs
  // 140 ms of a single-file run and a sixth of a batch. Compiled at once instead.
  '--no-regexp-tier-up',
];

export function applyV8Flags(): void {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
