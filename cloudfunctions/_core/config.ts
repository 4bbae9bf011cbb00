import { z } from 'zod';

/**
 * Server configuration, read once from the environment and validated. Secrets have no defaults: in local
 * mode they are generated into the data folder on first start (see secrets.ts); in the cloud they must be set.
 */
const ConfigSchema = z.object({
  RUNTIME: z.enum(['local', 'cloud']).default('cloud'),
  STORE: z.enum(['sqlite', 'cloudbase']).default('sqlite'),
  DATA_DIR: z.string().min(1).default('.data'),
  ID_HASH_KEY: z.string().optional(),
  ID_ENC_KEY: z.string().optional(),
  /** Local runs only: pins "today" (YYYY-MM-DD in Hefei; the time of day stays real) so demos and tests are repeatable. */
  DEV_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid configuration: ${fields}`);
  }
  if (parsed.data.DEV_TODAY && parsed.data.RUNTIME !== 'local') throw new Error('DEV_TODAY is only allowed with RUNTIME=local');
  return parsed.data;
}
