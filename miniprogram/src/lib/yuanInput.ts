/**
 * An amount typed in 元 ("150", "150.5", "150.50") as integer fen, without floating point; null when it is not a
 * positive amount with at most two decimals. Money leaves the form as fen only.
 */
export function parseYuanToFen(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : null;
}
