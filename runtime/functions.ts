import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A function's config.json in WeChat's format: permissions and timer triggers. */
export const FunctionConfigSchema = z
  .object({
    permissions: z.object({ openapi: z.array(z.string()) }).optional(),
    triggers: z
      .array(z.object({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/), type: z.literal('timer'), config: z.string() }))
      .optional(),
  })
  .strict();
export type FunctionConfig = z.infer<typeof FunctionConfigSchema>;

export const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

/**
 * Every cloud function is a folder with an entry file (index.ts in the sources, index.js in the build);
 * `_core` and other underscore folders are libraries, not functions.
 */
export function listFunctionNames(root: string, entry: 'index.ts' | 'index.js' = 'index.ts'): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && FUNCTION_NAME.test(d.name) && existsSync(join(root, d.name, entry)))
    .map((d) => d.name)
    .sort();
}

export function readFunctionConfig(dir: string): FunctionConfig {
  return FunctionConfigSchema.parse(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
}
