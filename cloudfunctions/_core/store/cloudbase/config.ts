import { z } from 'zod';

/**
 * What the CloudBase adapter needs to reach a database, read from the environment and validated once.
 * Secrets may be absent only inside a real cloud function: there the SDK signs with the function's own
 * temporary credentials (TENCENTCLOUD_SECRETID/SECRETKEY/SESSIONTOKEN, injected by the platform per call).
 */
export const CloudbaseConfigSchema = z
  .object({
    envId: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'CLOUDBASE_ENV 须为云开发环境 ID（小写字母、数字、-、_）'),
    secretId: z.string().min(1).optional(),
    secretKey: z.string().min(1).optional(),
    /** Overrides the SDK's endpoint; tests point it at a local server that plays CloudBase's HTTP API. */
    serviceUrl: z.url().optional(),
    timeoutMs: z.number().int().positive().default(15000),
    /**
     * Prefixed to every document id. Empty in production; the live contract run gives each test a fresh
     * namespace so runs never see each other's rows in one shared environment.
     */
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/, 'CLOUDBASE_NAMESPACE 只能含字母、数字、-、_')
      .default(''),
    /** Keep-alive sockets help a long-running server; tests turn them off so nothing outlives a test. */
    keepalive: z.boolean().optional(),
  })
  .refine((c) => !c.secretId === !c.secretKey, { message: 'CLOUDBASE_SECRET_ID 与 CLOUDBASE_SECRET_KEY 须同时提供', path: ['secretKey'] });

export type CloudbaseConfig = z.infer<typeof CloudbaseConfigSchema>;
export type CloudbaseConfigInput = z.input<typeof CloudbaseConfigSchema>;

const EnvSchema = z.object({
  STORE: z.literal('cloudbase', { error: 'STORE 须为 cloudbase' }),
  CLOUDBASE_ENV: z.string({ error: '缺少 CLOUDBASE_ENV（云开发环境 ID）' }).min(1, '缺少 CLOUDBASE_ENV（云开发环境 ID）'),
  CLOUDBASE_SECRET_ID: z.string().optional(),
  CLOUDBASE_SECRET_KEY: z.string().optional(),
  CLOUDBASE_SERVICE_URL: z.string().optional(),
  CLOUDBASE_TIMEOUT_MS: z.coerce.number().optional(),
  CLOUDBASE_NAMESPACE: z.string().optional(),
});

/** Thrown at start-up when the environment cannot describe a CloudBase database; the message names the variables. */
export class CloudbaseConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`CloudBase 存储配置无效：${problems.join('；')}`);
    this.name = 'CloudbaseConfigError';
  }
}

/** True inside a Tencent cloud function, where the platform injects credentials the SDK can sign with. */
export function platformCredentialsAvailable(env: NodeJS.ProcessEnv): boolean {
  return env.TENCENTCLOUD_RUNENV === 'SCF' || Boolean(env.TENCENTCLOUD_SECRETID && env.TENCENTCLOUD_SECRETKEY);
}

const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

function problemsOf(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => `${prefix}${issue.path.join('.') || '配置'}: ${issue.message}`);
}

export function cloudbaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CloudbaseConfig {
  const raw = EnvSchema.safeParse(env);
  if (!raw.success) throw new CloudbaseConfigError(problemsOf(raw.error));
  const e = raw.data;
  const secretId = blankToUndefined(e.CLOUDBASE_SECRET_ID);
  const secretKey = blankToUndefined(e.CLOUDBASE_SECRET_KEY);
  if (!secretId && !secretKey && !platformCredentialsAvailable(env)) {
    throw new CloudbaseConfigError([
      '缺少 CLOUDBASE_SECRET_ID / CLOUDBASE_SECRET_KEY（仅在云函数内可省略，此时使用云函数自身的临时密钥）',
    ]);
  }
  const parsed = CloudbaseConfigSchema.safeParse({
    envId: e.CLOUDBASE_ENV.trim(),
    secretId,
    secretKey,
    serviceUrl: blankToUndefined(e.CLOUDBASE_SERVICE_URL),
    timeoutMs: e.CLOUDBASE_TIMEOUT_MS,
    namespace: blankToUndefined(e.CLOUDBASE_NAMESPACE),
  });
  if (!parsed.success) throw new CloudbaseConfigError(problemsOf(parsed.error));
  return parsed.data;
}
