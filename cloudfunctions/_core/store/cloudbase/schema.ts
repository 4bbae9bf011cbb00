import { docAccess, type SdkDatabase } from './docAccess';
import { MetaDoc, readDoc } from './documents';
import { ALL_COLLECTIONS, COLLECTIONS, LAYOUT_VERSION, SCHEMA_VERSION_KEY } from './layout';
import { isCollectionAlreadyThere, isCollectionMissing } from './sdkErrors';

/**
 * CloudBase's counterpart of migrations: every collection of the layout must exist (a write to a missing
 * collection fails), and the meta collection records the layout version. There is no "list collections"
 * call in the database API, so each collection is probed with a one-document query and created when the
 * probe says it is missing. The version document is environment-wide, not namespaced: it describes the
 * collections, which all namespaces share.
 */
export async function ensureLayout(db: SdkDatabase): Promise<number> {
  for (const name of ALL_COLLECTIONS) {
    try {
      await db.collection(name).limit(1).get();
    } catch (error) {
      if (!isCollectionMissing(error)) throw error;
      try {
        await db.createCollection(name);
      } catch (createError) {
        // Another instance starting at the same moment may have created it first.
        if (!isCollectionAlreadyThere(createError)) throw createError;
      }
    }
  }
  const meta = docAccess(db, '', false);
  const doc = await meta.get(COLLECTIONS.meta, SCHEMA_VERSION_KEY);
  const stored = doc ? Number(readDoc(MetaDoc, COLLECTIONS.meta, SCHEMA_VERSION_KEY, doc).value) : 0;
  if (!Number.isInteger(stored)) throw new Error(`meta/${SCHEMA_VERSION_KEY} does not hold a version number`);
  if (stored >= LAYOUT_VERSION) return stored;
  await meta.put(COLLECTIONS.meta, SCHEMA_VERSION_KEY, { value: String(LAYOUT_VERSION) });
  return LAYOUT_VERSION;
}
