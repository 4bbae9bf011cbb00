/**
 * `npm start`: the whole system on one machine, on its embedded defaults. Builds the cloud functions (and
 * the h5 app when it has not been built), opens the SQLite store in DATA_DIR (migrating and seeding a demo
 * household on first start), starts the simulators and the HTTP gateway, and prints the address to open.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(__dirname, '..');
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('.data'),
  SKIP_H5_BUILD: z.enum(['0', '1']).default('0'),
});

async function main() {
  const env = EnvSchema.parse(process.env);
  // The functions read their configuration from the environment, as they do in the cloud.
  process.env.RUNTIME = 'local';
  process.env.DATA_DIR = resolve(ROOT, env.DATA_DIR);

  const { buildFunctions, BUILD_ROOT } = await import('./build-functions');
  const built = await buildFunctions();
  console.log(`[start] 已构建 ${built.length} 个云函数`);

  const h5 = join(ROOT, 'miniprogram', 'dist', 'h5');
  if (!existsSync(join(h5, 'index.html')) && env.SKIP_H5_BUILD === '0') {
    console.log('[start] 首次启动：正在构建小程序 h5 版本（约需 1-3 分钟）…');
    const run = spawnSync('npm', ['run', '-s', 'build:h5'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (run.status !== 0) throw new Error('h5 build failed');
  }

  const { sharedApp } = await import('../cloudfunctions/_core/app');
  const { seedDemo } = await import('../cloudfunctions/_core/demo/seed');
  const app = await sharedApp();
  if (await seedDemo(app)) console.log('[start] 已创建数据库并载入演示家庭（openid: demo-resident）');

  const { startSimulators } = await import('../runtime/simulators');
  const simulators = await startSimulators(process.env.DATA_DIR);

  const { devAuth } = await import('../runtime/devAuth');
  const { startGateway } = await import('../runtime/gateway');
  const gateway = await startGateway(
    {
      functionsDir: BUILD_ROOT,
      staticDir: h5,
      auth: devAuth(process.env.DATA_DIR),
      timers: true,
      simulatorUrls: simulators.urls,
      health: [
        { name: 'store', check: async () => (await app.store.schemaVersion()) > 0 },
        { name: 'h5', check: async () => existsSync(join(h5, 'index.html')) },
        ...simulators.health,
      ],
    },
    env.PORT,
    env.HOST,
  );
  const address = gateway.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  // Channels call back here; in the cloud this is the public HTTPS address of the notify functions.
  process.env.PUBLIC_BASE_URL ??= `http://127.0.0.1:${port}`;
  console.log(`[start] 合肥医保参保服务已启动: http://localhost:${port}/`);
  console.log(`[start] 数据目录 ${process.env.DATA_DIR}；云函数: ${gateway.functions.join(', ')}`);

  const stop = async () => {
    await gateway.close();
    await simulators.close();
    await app.store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('[start] 启动失败:', error instanceof Error ? error.message : error);
  process.exit(1);
});
