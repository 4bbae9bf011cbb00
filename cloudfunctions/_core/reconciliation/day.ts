import dayjs from 'dayjs';
import { ZONE } from '../clock';

/** A statement day (Asia/Shanghai, both channels cut their statements by it) as instants [from, to). */
export function statementDayBounds(billDate: string): { from: string; to: string } {
  const start = dayjs.tz(`${billDate} 00:00`, ZONE);
  return { from: start.toISOString(), to: start.add(1, 'day').toISOString() };
}
