import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { listFunctionNames, readFunctionConfig } from '../../runtime/functions';
import { parseCron } from '../../runtime/cron';

const ROOT = resolve(__dirname, '..', '..');
const SOURCES = join(ROOT, 'cloudfunctions');
const BUILT = join(ROOT, 'dist', 'cloudfunctions');

interface Resource {
  component: string;
  props: {
    functionName: string;
    code: string;
    handler: string;
    memorySize: number;
    timeout: number;
    triggers?: { triggerName: string; triggerType: string; triggerConfig: { cronExpression: string } }[];
  };
}

const sYaml = parse(readFileSync(join(ROOT, 's.yaml'), 'utf8')) as { resources: Record<string, Resource> };
const functions = listFunctionNames(SOURCES);

describe('s.yaml, config.json and the built bundles agree', () => {
  it('declares exactly the functions that exist', () => {
    expect(Object.keys(sYaml.resources).sort()).toEqual(functions);
  });

  it.each(functions)('%s: its code folder is the bundle, with its handler exported', (name) => {
    const props = sYaml.resources[name].props;
    expect(props.code).toBe(`./dist/cloudfunctions/${name}`);
    expect(props.handler).toBe('index.main');
    expect(props.memorySize).toBeGreaterThanOrEqual(128);
    expect(props.timeout).toBeGreaterThan(0);
    const bundle = join(BUILT, name, 'index.js');
    expect(existsSync(bundle)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toMatch(/main:\s*\(\)\s*=>|exports\.main|__export\([^)]*main/);
    expect(readFileSync(join(BUILT, name, 'config.json'), 'utf8')).toBe(readFileSync(join(SOURCES, name, 'config.json'), 'utf8'));
  });

  it.each(functions)('%s: timer triggers match config.json, cron field for cron field', (name) => {
    const wechat = readFunctionConfig(join(SOURCES, name)).triggers ?? [];
    const declared = sYaml.resources[name].props.triggers ?? [];
    expect(declared.map((t) => t.triggerName)).toEqual(wechat.map((t) => t.name));
    for (const [i, t] of wechat.entries()) {
      parseCron(t.config);
      const withoutYear = t.config.trim().split(/\s+/).slice(0, 6).join(' ');
      expect(declared[i].triggerType).toBe('timer');
      expect(declared[i].triggerConfig.cronExpression).toBe(`CRON_TZ=Asia/Shanghai ${withoutYear}`);
    }
  });

  it('no bundle carries the local-only dev login', () => {
    for (const name of functions) {
      expect(readFileSync(join(BUILT, name, 'index.js'), 'utf8')).not.toContain('gateway.key');
    }
  });
});
