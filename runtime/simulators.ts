import type { HealthPart } from './gateway';

/**
 * The channel simulators the local runtime runs beside the gateway. None is wired yet: the WeChat Pay and
 * bank simulators join here as their issues land, each adding a health part.
 */
export async function startSimulators(_dataDir: string): Promise<{ health: HealthPart[]; close: () => Promise<void> }> {
  return { health: [], close: async () => undefined };
}
