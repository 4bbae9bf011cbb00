/**
 * Synthetic payers for fault runs and benchmarks. The demo registry holds nine people; thousands of
 * payments need thousands of payable people, so extra registry rows are written into the data folder
 * before the runtime first starts, through the store port the import would use (`upsertRegistry`). The
 * runtime opens the same SQLite file with the same PII keys (generated into the data folder once, here).
 * Every ID number is made up (area 340111, valid GB 11643 check character) and belongs to nobody.
 */
import { checkCharacter } from '../../../shared/identity/idNumber';
import { createApp } from '../../../cloudfunctions/_core/app';
import { readConfig } from '../../../cloudfunctions/_core/config';
import { seedDemo } from '../../../cloudfunctions/_core/demo/seed';
import { idHash } from '../../../cloudfunctions/_core/identity/pii';
import type { RegistryRow } from '../../../cloudfunctions/_core/store/port';

export interface SyntheticPerson {
  name: string;
  idNumber: string;
  birthDate: string;
}

export interface SyntheticPayer extends SyntheticPerson {
  /** Login name at the dev gateway; one WeChat account per payer. */
  openid: string;
  /** Index into `mothers`, when this payer shares a mother with others in the registry. */
  motherIndex: number | null;
}

export interface Population {
  payers: SyntheticPayer[];
  mothers: SyntheticPerson[];
}

export interface PopulationSpec {
  payers: number;
  /** Payers are grouped into families of this many siblings sharing one mother (0: nobody has a mother). */
  siblingsPerMother: number;
  /** Keeps openids and ID numbers of several populations in one data folder apart. */
  prefix: string;
  /** 0-9: the ID numbers' sequence-number hundreds digit, so two populations never share a number. */
  idSeries: number;
}

const AREA = '340111';

/** The n-th made-up ID number of a series: a birth date stepping by day from `baseYear`, sequence digits from n. */
function idNumberFor(series: number, n: number, baseYear: number, sexOdd: boolean): { idNumber: string; birthDate: string } {
  const day = Math.floor(n / 50);
  const birth = new Date(Date.UTC(baseYear, 0, 1 + day));
  const birthDate = birth.toISOString().slice(0, 10);
  // Sequence (3 digits): the series, then two digits unique within the day; the last is odd for men, even for women.
  const r = n % 50;
  const sexDigit = (sexOdd ? 1 : 0) + 2 * Math.floor(r / 10);
  const first17 = `${AREA}${birthDate.replace(/-/g, '')}${series}${r % 10}${sexDigit}`;
  return { idNumber: `${first17}${checkCharacter(first17)}`, birthDate };
}

export function buildPopulation(spec: PopulationSpec): Population {
  const mothers: SyntheticPerson[] = [];
  const families = spec.siblingsPerMother > 0 ? Math.ceil(spec.payers / spec.siblingsPerMother) : 0;
  for (let m = 0; m < families; m += 1) {
    const id = idNumberFor(spec.idSeries, m, 1950, false);
    mothers.push({ name: `${spec.prefix}母${m}`, ...id });
  }
  const payers: SyntheticPayer[] = [];
  for (let p = 0; p < spec.payers; p += 1) {
    const id = idNumberFor(spec.idSeries, p, 1975, p % 2 === 0);
    payers.push({
      name: `${spec.prefix}民${p}`,
      ...id,
      openid: `${spec.prefix}-payer-${p}`,
      motherIndex: families > 0 ? Math.floor(p / spec.siblingsPerMother) : null,
    });
  }
  const ids = new Set([...mothers, ...payers].map((x) => x.idNumber));
  if (ids.size !== mothers.length + payers.length) throw new Error('synthetic ID numbers collide: use another idSeries');
  return { payers, mothers };
}

/**
 * Writes the population into the registry of `dataDir` (seeding the demo first, as the runtime would), then
 * closes the store. Call before the runtime starts: the runtime then finds the keys and the rows.
 */
export async function seedPopulation(dataDir: string, populations: Population[]): Promise<void> {
  const app = await createApp(readConfig({ ...process.env, RUNTIME: 'local', STORE: 'sqlite', DATA_DIR: dataDir, DEV_TODAY: undefined }));
  try {
    await seedDemo(app);
    const at = new Date().toISOString();
    const rows: RegistryRow[] = [];
    for (const population of populations) {
      const motherHashes = population.mothers.map((m) => idHash(app.pii, m.idNumber));
      const row = (p: SyntheticPerson, motherHash: string | null, household: string): RegistryRow => ({
        idHash: idHash(app.pii, p.idNumber), name: p.name, birthDate: p.birthDate,
        sex: Number(p.idNumber[16]) % 2 === 1 ? 'M' : 'F', householdNo: household,
        fatherHash: null, motherHash, spouseHash: null, facts: {}, importedAt: at,
      });
      population.mothers.forEach((m, i) => rows.push(row(m, null, `H-SYN-${m.name}`)));
      for (const p of population.payers) {
        const mother = p.motherIndex === null ? null : population.mothers[p.motherIndex];
        rows.push(row(p, p.motherIndex === null ? null : motherHashes[p.motherIndex], mother ? `H-SYN-${mother.name}` : `H-SYN-${p.name}`));
      }
    }
    await app.store.upsertRegistry(rows);
  } finally {
    await app.store.close();
  }
}
