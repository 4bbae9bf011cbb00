import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import dayjs from 'dayjs';
import type { PageData } from '../../../lib/usePageData';
import { staffApi } from '../common/staffApi';

/** The statement days the page offers as 今天 and 昨天, both Asia/Shanghai calendar dates (YYYY-MM-DD). */
export interface BusinessDays {
  today: string;
  yesterday: string;
}

/**
 * The calendar day before `day`. dayjs reads a bare date as that date in the phone's own zone and steps by
 * calendar days, so only the date's arithmetic matters: neither the phone's clock nor its zone changes the answer.
 */
export function dayBefore(day: string): string {
  return dayjs(day).subtract(1, 'day').format('YYYY-MM-DD');
}

const daysFrom = (today: string): BusinessDays => ({ today, yesterday: dayBefore(today) });

/**
 * 今天 and 昨天 from the server's business day, asked once the caller is known to be staff (`enabled`). A phone
 * with a wrong clock or time zone would otherwise ask for the wrong statement day, and the local runtime pins its
 * day (DEV_TODAY) away from the calendar. The page shows a spinner until the day is known, and this Chinese error
 * with a retry if the server cannot say.
 *
 * A page left open past midnight must not keep offering the old day: `refresh` asks again without the spinner
 * (the 今天 and 昨天 buttons call it before choosing), and so does every return to the page. If the server
 * cannot say then, the day already known stays.
 */
export function useServerToday(enabled: boolean): { days: PageData<BusinessDays>; retry: () => void; refresh: () => Promise<BusinessDays | null> } {
  const [days, setDays] = useState<PageData<BusinessDays>>({ kind: 'loading' });
  const load = useCallback(async () => {
    setDays({ kind: 'loading' });
    const result = await staffApi.serverToday();
    if (result.ok) setDays({ kind: 'ready', data: daysFrom(result.data.today) });
    else setDays({ kind: 'failed', error: { ...result.error, message: `未能从服务器取得今天的日期：${result.error.message}` } });
  }, []);
  const refresh = useCallback(async (): Promise<BusinessDays | null> => {
    const result = await staffApi.serverToday();
    if (!result.ok) return null;
    const fresh = daysFrom(result.data.today);
    setDays((current) => (current.kind === 'ready' && current.data.today === fresh.today ? current : { kind: 'ready', data: fresh }));
    return fresh;
  }, []);
  useEffect(() => {
    if (enabled) void load();
  }, [enabled, load]);
  // The first show is the load above; later ones (back from another page or app) refresh once the day is known.
  const known = useRef(false);
  known.current = enabled && days.kind === 'ready';
  useDidShow(() => {
    if (known.current) void refresh();
  });
  return { days, retry: () => void load(), refresh };
}
